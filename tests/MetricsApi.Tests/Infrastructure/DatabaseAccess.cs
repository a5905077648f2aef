using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>Reaches the application's database behind the API's back, as a DBA (or an attacker) could.</summary>
public static class DatabaseAccess
{
    public static async Task ExecuteAsync(this MetricsApiFactory factory, string sql)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MetricsDbContext>();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    public static async Task<T> WithDbAsync<T>(this MetricsApiFactory factory, Func<MetricsDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MetricsDbContext>());
    }

    /// <summary>Switches off the append-only triggers, so tests can tamper with rows like a DBA could.</summary>
    public static Task DisableAuditTriggersAsync(this MetricsApiFactory factory) =>
        factory.ExecuteAsync(factory.Database == DatabaseKind.PostgreSql
            ? "ALTER TABLE audit_entries DISABLE TRIGGER USER"
            : "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");

    /// <summary>Makes every insert into audit_entries fail, as a constraint failure or a full disk would.</summary>
    public static Task BreakAuditInsertsAsync(this MetricsApiFactory factory) =>
        factory.ExecuteAsync(factory.Database == DatabaseKind.PostgreSql
            ? """
              CREATE FUNCTION test_fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$;
              CREATE TRIGGER test_fail_insert BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_fail_insert();
              """
            : "CREATE TRIGGER test_fail_insert BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;");
}
