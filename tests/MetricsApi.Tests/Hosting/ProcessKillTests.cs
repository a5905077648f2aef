using System.Text;
using MetricsApi.Access.Authentication.DevTokens;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Hosting;

/// <summary>
/// The server process is killed (SIGKILL, no shutdown) in the middle of an NDJSON upload on the
/// embedded SQLite database. After a restart on the same file the database is intact, the audit
/// chain verifies, the chunks committed before the kill are there, and replaying the whole file
/// stores the rest exactly once.
/// </summary>
public sealed class ProcessKillTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("metricsapi-kill-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string[] Arguments => [$"--Storage:DataDirectory={_data}", "--Demo:Seed=false"];

    private string Database => Path.Combine(_data, "metrics.db");

    /// <summary>A Development token the started server trusts (its key lives in the data directory).</summary>
    private string Token(string user, params string[] roles)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data })
            .Build();
        return DevTokenIssuer.Create(user, roles, TimeSpan.FromHours(1), DevSigningKey.LoadOrCreate(configuration, AppContext.BaseDirectory), DevIdentity.From(configuration));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task KillMidUploadOnSqliteLosesNothingCommittedAndAReplayStoresTheRestOnce()
    {
        var lines = Enumerable.Range(1, 2500).Select(i => Survey($"s-{i}").ToJsonString() + "\n").ToList();
        var (server, address) = await ServerProcess.StartAsync("Development", [], Arguments);
        try
        {
            await using var upload = await RawHttp.ConnectAsync(address);
            await upload.WriteAsync(RawHttp.ChunkedHead("POST", "/ingest/events", address.Authority, IngestionClient.NdjsonMediaType, Token("feed", "Ingestor")));
            await upload.WriteChunkAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Take(1500))));
            for (var i = 0; i < 150 && await ScalarAsync("select count(*) from survey_responses") < 1000; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(1000, await ScalarAsync("select count(*) from survey_responses"));
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            server.Dispose();
        }

        Assert.Equal("ok", await IntegrityAsync());
        Assert.Equal(1000, await ScalarAsync("select count(*) from survey_responses"));

        (server, address) = await ServerProcess.StartAsync("Development", [], Arguments);
        try
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token("feed", "Ingestor"));
            var replay = await client.PostNdjsonAsync(string.Concat(lines));

            Assert.True(replay.Status == 200, replay.ToString());
            Assert.Equal((1500, 1000, 0), (replay.Accepted, replay.Duplicates, replay.Rejected));
            Assert.Equal(2500, await ScalarAsync("select count(*) from survey_responses"));

            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token("ada", "Auditor"));
            var verify = await client.PostGraphQLAsync("{ verifyAuditLog { ok entriesChecked } }");
            Assert.True(verify.Data!["verifyAuditLog"]!["ok"]!.GetValue<bool>(), verify.ToString());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }
    }

    private async Task<string> IntegrityAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA integrity_check", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
