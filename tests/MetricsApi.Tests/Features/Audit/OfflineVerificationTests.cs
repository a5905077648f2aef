using System.Diagnostics;
using MetricsApi.Tests.Infrastructure;
using Npgsql;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>
/// An auditor re-verifies the chain without the service: export the table from PostgreSQL and run
/// tools/audit-verify/verify_audit_chain.py, an independent implementation of docs/audit-log.md.
/// </summary>
public sealed class OfflineVerificationTests : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(DatabaseKind.PostgreSql, new Dictionary<string, string?> { ["Catalogue:PublishStandard"] = "false" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(int ExitCode, string Output)> VerifyOfflineAsync()
    {
        string json;
        await using (var connection = new NpgsqlConnection(_app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select coalesce(json_agg(a order by sequence), '[]') from audit_entries a", connection);
            json = (string)(await command.ExecuteScalarAsync())!;
        }

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, json);
        var script = RepositoryPaths.File("tools", "audit-verify", "verify_audit_chain.py");
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(file);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(file);
        return (process.ExitCode, output.Trim());
    }

    [Fact]
    public async Task ExportedChainVerifiesOfflineAndATamperedOneDoesNot()
    {
        await _app.DeniedRequestAsync("Zoë \"quoted\" Engineer");
        await _app.DeniedRequestAsync("second");
        await _app.Auditor().PostGraphQLAsync("{ auditLog(where: { metric: \"tokens_per_active_user\" }) { totalCount } }");

        var (exitCode, output) = await VerifyOfflineAsync();
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok: 3 entries verify", output, StringComparison.Ordinal);

        await _app.DisableAuditTriggersAsync();
        await _app.ExecuteAsync("UPDATE audit_entries SET roles = 'Auditor' WHERE sequence = 2");
        var (tamperedExit, tamperedOutput) = await VerifyOfflineAsync();
        Assert.Equal(1, tamperedExit);
        Assert.Equal("broken at 2: HASH_MISMATCH", tamperedOutput);
    }
}
