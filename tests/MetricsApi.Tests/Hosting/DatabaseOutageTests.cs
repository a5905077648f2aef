using System.Text;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Npgsql;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Hosting;

/// <summary>
/// The PostgreSQL server goes away while the API runs (connections cut, new ones refused) and comes
/// back. Requests in between answer 503 <c>DATABASE_UNAVAILABLE</c> (or <c>AUDIT_UNAVAILABLE</c> for
/// audited reads), never exception text; afterwards the API serves again without a restart, and
/// replaying an interrupted upload stores every event exactly once.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TcpProxy _proxy = null!;
    private MetricsApiFactory _app = null!;
    private string _direct = "";

    public async Task InitializeAsync()
    {
        _direct = await PostgresServer.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(_direct);
        _proxy = TcpProxy.StartTo(builder.Host!, builder.Port);
        builder.Port = _proxy.Port;
        builder.Timeout = 3;
        _app = MetricsApiFactory.PostgreSqlAt(builder.ConnectionString, new Dictionary<string, string?> { ["Catalogue:PublishStandard"] = "false" });
        // Real sockets: this test writes an upload piece by piece and cuts the database off mid-upload.
        _app.UseKestrel(0);
        _app.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    private async Task<long> StoredSurveysAsync()
    {
        await using var connection = new NpgsqlConnection(_direct);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from survey_responses", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The first request after the outage may still meet a connection the outage broke; the API must recover within a few.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, Func<T, bool> ok)
    {
        var result = await attempt();
        for (var i = 0; i < 10 && !ok(result); i++)
        {
            await Task.Delay(200);
            result = await attempt();
        }

        return result;
    }

    [Fact]
    public async Task RequestsWhileTheDatabaseIsDownAnswer503WithACodeAndTheApiRecoversWhenItReturns()
    {
        var reader = _app.ClientFor("rita", "Engineer");
        Assert.Equal(200, (await reader.PostGraphQLAsync("{ metrics { totalCount } }")).Status);

        await _proxy.StopAsync();
        var catalogue = await reader.PostGraphQLAsync("{ metrics { totalCount } }");
        var auditLog = await _app.ClientFor("ada", "Auditor").PostGraphQLAsync("{ auditLog { totalCount } }");
        var ingest = await _app.Ingestor().PostNdjsonAsync(Survey("s-1"));
        using var ready = await _app.CreateClient().GetAsync("/health/ready");

        Assert.True(catalogue.Status == 503, catalogue.ToString());
        Assert.Equal(["DATABASE_UNAVAILABLE"], catalogue.ErrorCodes);
        Assert.True(auditLog.Status == 503 && auditLog.FirstCode is "DATABASE_UNAVAILABLE" or "AUDIT_UNAVAILABLE", auditLog.ToString());
        Assert.Null(auditLog.Data);
        Assert.True(ingest.Status == 503, ingest.ToString());
        Assert.Equal("DATABASE_UNAVAILABLE", ingest.ErrorCode);
        Assert.Equal(503, (int)ready.StatusCode);
        foreach (var body in new[] { catalogue.ToString(), auditLog.ToString(), ingest.Text })
        {
            ExceptionText.AssertAbsent(body);
        }

        _proxy.Start();
        var after = await EventuallyAsync(() => reader.PostGraphQLAsync("{ metrics { totalCount } }"), r => r.Status == 200);
        Assert.True(after.Status == 200, after.ToString());
        var stored = await EventuallyAsync(() => _app.Ingestor().PostNdjsonAsync(Survey("s-1")), r => r.Status == 200);
        Assert.Equal(1, stored.Accepted);
    }

    [Fact]
    public async Task UploadCutOffByAnOutageMidRequestKeepsItsCommittedChunksAndAReplayStoresTheRestOnce()
    {
        var lines = Enumerable.Range(1, 2500).Select(i => Survey($"s-{i}").ToJsonString() + "\n").ToList();
        var client = _app.Ingestor();
        var server = client.BaseAddress!;
        await using var upload = await RawHttp.ConnectAsync(server);
        await upload.WriteAsync(RawHttp.ChunkedHead("POST", "/ingest/events", server.Authority, IngestionClient.NdjsonMediaType, TestTokens.For("feed", "Ingestor")));

        // Send a chunk and a half, wait until the first chunk is committed, then take the database away.
        await upload.WriteChunkAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Take(1500))));
        for (var i = 0; i < 100 && await StoredSurveysAsync() < 1000; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1000, await StoredSurveysAsync());
        await _proxy.StopAsync();
        await upload.WriteChunkAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Skip(1500))));
        await upload.EndChunksAsync();
        var cut = await upload.ReadResponseAsync(TimeSpan.FromSeconds(60));

        Assert.True(cut.Status == 503, cut.ToString());
        Assert.Contains("DATABASE_UNAVAILABLE", cut.Body, StringComparison.Ordinal);
        ExceptionText.AssertAbsent(cut.Body);
        Assert.Equal(1000, await StoredSurveysAsync());

        _proxy.Start();
        var replay = await EventuallyAsync(() => client.PostNdjsonAsync(string.Concat(lines)), r => r.Status == 200);

        Assert.True(replay.Status == 200, replay.ToString());
        Assert.Equal((1500, 1000, 0), (replay.Accepted, replay.Duplicates, replay.Rejected));
        Assert.Equal(2500, await StoredSurveysAsync());
    }
}
