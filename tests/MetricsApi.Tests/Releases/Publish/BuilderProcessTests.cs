using System.Data.Common;
using MetricsApi.Releases.Publish;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// The background builder as it runs in production: real server processes over a generated
/// organisation. A kill in the middle of a backfill leaves no partial release and a restart completes
/// the work; two instances on one database build every release once.
/// </summary>
public abstract class BuilderProcessTests(DatabaseKind kind)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private async Task<(string ConnectionString, Dictionary<string, string> Environment)> SeededDatabaseAsync()
    {
        var connection = kind == DatabaseKind.Sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), $"metricsapi-builder-{Guid.NewGuid():N}.db")}"
            : await PostgresServer.CreateDatabaseAsync();
        var environment = ServerProcess.Environment(kind, connection, ("Releases__IntervalSeconds", "1"), ("Releases__LeaseSeconds", "10"));
        await ServerProcess.RunAsync(environment, Patience, "seed", "--teams", "60", "--weeks", "10", "--seed", "11");
        return (connection, environment);
    }

    private DbConnection Open(string connectionString) =>
        kind == DatabaseKind.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);

    private async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = Open(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<long> ReleasesAsync(string connectionString) => ScalarAsync(connectionString, "SELECT COUNT(*) FROM releases");

    /// <summary>Releases whose cells are not all there, and (version, period, policy, revision) written twice.</summary>
    private async Task AssertWholeAndOnceAsync(string connectionString)
    {
        Assert.Equal(0, await ScalarAsync(connectionString,
            "SELECT COUNT(*) FROM releases r WHERE r.cells <> (SELECT COUNT(*) FROM release_cells c WHERE c.release_id = r.id)"));
        Assert.Equal(0, await ScalarAsync(connectionString,
            "SELECT COUNT(*) FROM (SELECT metric_version_id, grain, period_start, policy_version FROM releases GROUP BY metric_version_id, grain, period_start, policy_version HAVING COUNT(*) > 1) d"));
    }

    /// <summary>Waits until the database has no due release left (asked through the builder itself).</summary>
    private async Task WaitUntilNothingIsDueAsync(string connectionString, params ServerProcess[] servers)
    {
        await using var app = new MetricsApiFactory(kind, connectionString);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                if ((await scope.ServiceProvider.GetRequiredService<ReleaseBuilder>().DueAsync(CancellationToken.None)).Count == 0)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "Releases were still due after four minutes:\n" + string.Join("\n---\n", servers.Select(s => s.Output)));
            Assert.DoesNotContain(servers, s => s.HasExited);
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task AKillDuringABackfillLeavesNoPartialReleaseAndARestartCompletesIt()
    {
        var (connection, environment) = await SeededDatabaseAsync();

        long killedAt;
        await using (var first = ServerProcess.Start(environment))
        {
            var deadline = DateTime.UtcNow + Patience;
            while ((killedAt = await ReleasesAsync(connection)) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, "No release was built:\n" + first.Output);
                await Task.Delay(50);
            }

            await first.KillAsync();
        }

        killedAt = await ReleasesAsync(connection);
        await AssertWholeAndOnceAsync(connection);

        // The killed instance's lease runs out (10 s here), then the restarted one takes over.
        await using var second = ServerProcess.Start(environment);
        await WaitUntilNothingIsDueAsync(connection, second);

        var total = await ReleasesAsync(connection);
        Assert.True(total > killedAt, $"The kill came after the backfill had finished ({killedAt} of {total} releases); nothing was left to resume.");
        await AssertWholeAndOnceAsync(connection);
        Assert.DoesNotContain("build pass failed", second.Output, StringComparison.Ordinal);
    }
}

public sealed class BuilderProcessTestsOnSqlite() : BuilderProcessTests(DatabaseKind.Sqlite);

public sealed class BuilderProcessTestsOnPostgreSql() : BuilderProcessTests(DatabaseKind.PostgreSql)
{
    [Fact]
    public async Task TwoInstancesOnOneDatabaseBuildEveryReleaseOnce()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        var environment = ServerProcess.Environment(DatabaseKind.PostgreSql, connection, ("Releases__IntervalSeconds", "1"), ("Releases__LeaseSeconds", "30"));
        await ServerProcess.RunAsync(environment, TimeSpan.FromMinutes(4), "seed", "--teams", "60", "--weeks", "10", "--seed", "12");

        await using var a = ServerProcess.Start(environment);
        await using var b = ServerProcess.Start(environment);
        await using var app = new MetricsApiFactory(DatabaseKind.PostgreSql, connection);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<MetricsApi.Data.MetricsDbContext>().Set<Release>().AnyAsync(r => r.Id > 0)
                    && (await scope.ServiceProvider.GetRequiredService<ReleaseBuilder>().DueAsync(CancellationToken.None)).Count == 0)
                {
                    break;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "Releases were still due:\n" + a.Output + "\n---\n" + b.Output);
            await Task.Delay(500);
        }

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var duplicates = new NpgsqlCommand(
            "SELECT COUNT(*) FROM (SELECT metric_version_id, grain, period_start, policy_version, revision FROM releases GROUP BY 1, 2, 3, 4, 5 HAVING COUNT(*) > 1) d", db);
        Assert.Equal(0L, (long)(await duplicates.ExecuteScalarAsync())!);
        // Each period was built by one instance only: the periods both logs report add up to those built.
        var built = (a.Output + b.Output).Split('\n').Count(l => l.Contains(" built (", StringComparison.Ordinal));
        await using var periods = new NpgsqlCommand("SELECT COUNT(*) FROM (SELECT DISTINCT grain, period_start FROM releases) p", db);
        Assert.Equal((long)(await periods.ExecuteScalarAsync())!, built);
        Assert.DoesNotContain("build pass failed", a.Output + b.Output, StringComparison.Ordinal);
    }
}
