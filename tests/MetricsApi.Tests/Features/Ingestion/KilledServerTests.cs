using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// The server process is killed (SIGKILL) in the middle of a bulk upload, while chunks are being
/// written and more of the body is still on its way. The producer does what a producer should: it
/// sends the whole file again. Whatever was committed before the kill is reported as duplicates,
/// everything else is stored, and every event ends up stored exactly once.
/// </summary>
public abstract class KilledServerTests(DatabaseKind kind) : IAsyncLifetime
{
    private const int Events = 20_000;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("metricsapi-kill-").FullName;
    private string _connectionString = null!;

    public async Task InitializeAsync() => _connectionString = await StandaloneDatabase.CreateAsync(kind);

    public Task DisposeAsync()
    {
        StandaloneDatabase.ReleaseConnections(kind, _connectionString);
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AServerKilledMidUploadLosesNothingCommittedAndAReplayStoresEveryEventExactlyOnce()
    {
        var lines = Body();
        long storedAtKill;
        await using (var server = await StartAsync())
        {
            using var client = server.Client("feed", "Ingestor");
            using var content = new TrickleContent(lines);
            var upload = client.PostAsync(new Uri("/ingest/events", UriKind.Relative), content);
            await WaitUntilAsync(async () => await LedgerCountAsync() >= Events / 4 || upload.IsCompleted, server);
            Assert.False(upload.IsCompleted, "The upload ended before the kill:\n" + server.Output);

            await server.KillAsync();

            var outcome = await Record.ExceptionAsync(() => upload);
            Assert.True(outcome is not null, "A killed server acknowledged the upload.");
        }

        storedAtKill = await AssertConsistentAsync();
        Assert.InRange(storedAtKill, Events / 4, lines.Count - 1);

        await using (var server = await StartAsync())
        {
            using var client = server.Client("feed", "Ingestor");
            var replay = await client.PostNdjsonAsync(string.Concat(lines));

            Assert.True(replay.Status == (int)HttpStatusCode.OK, replay.ToString());
            Assert.Equal((lines.Count - storedAtKill, storedAtKill, 0L), ((long)replay.Accepted, (long)replay.Duplicates, (long)replay.Rejected));
        }

        Assert.Equal(lines.Count, await AssertConsistentAsync());
        await using var db = StandaloneDatabase.Open(kind, _connectionString);
        Assert.Equal(
            (Events * 7 / 10, Events / 5, Events / 20, Events / 25, Events / 100),
            (await db.Set<AiUsageEvent>().CountAsync(), await db.Set<DeploymentEvent>().CountAsync(), await db.Set<ToolAccessEvent>().CountAsync(),
             await db.Set<SurveyResponseEvent>().CountAsync(), await db.Set<Membership>().CountAsync()));
    }

    private Task<IngestServerProcess> StartAsync() => IngestServerProcess.StartAsync(kind, _connectionString, _dataDirectory, ("Ingestion:ChunkSize", "500"));

    /// <summary>
    /// Whatever the moment of the kill, the database holds whole chunks: every telemetry row has its
    /// ledger entry and the other way round, no key twice, and the delivery summary matches the
    /// ledger. Returns how many events are stored.
    /// </summary>
    private async Task<long> AssertConsistentAsync()
    {
        await using var db = StandaloneDatabase.Open(kind, _connectionString);
        var ledger = await LedgerAsync();
        var telemetry = await db.Set<AiUsageEvent>().Select(e => e.EventId)
            .Concat(db.Set<DeploymentEvent>().Select(e => e.EventId))
            .Concat(db.Set<ToolAccessEvent>().Select(e => e.EventId))
            .Concat(db.Set<SurveyResponseEvent>().Select(e => e.EventId)).ToListAsync();
        Assert.Equal(telemetry.Count, telemetry.Distinct().Count());
        Assert.Equal(ledger.Where(e => e.Type is "ai_usage" or "deployment" or "tool_access" or "survey_response").Select(e => e.EventId).Order(), telemetry.Order());
        var summary = await db.Set<SourceDelivery>().ToDictionaryAsync(d => (d.Source, d.Type), d => d.EventCount);
        Assert.Equal(ledger.GroupBy(e => (e.Source, e.Type)).ToDictionary(g => g.Key, g => g.LongCount()), summary);
        return ledger.Count;
    }

    private async Task<int> LedgerCountAsync()
    {
        await using var db = StandaloneDatabase.Open(kind, _connectionString);
        return await db.Set<IngestedEvent>().CountAsync();
    }

    private async Task<List<IngestedEvent>> LedgerAsync()
    {
        await using var db = StandaloneDatabase.Open(kind, _connectionString);
        return await db.Set<IngestedEvent>().AsNoTracking().ToListAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, IngestServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Nothing was stored in time:\n" + server.Output);
            await Task.Delay(25);
        }
    }

    /// <summary>The org tree, then 70 % ai_usage, 20 % deployment, 5 % tool_access, 4 % survey_response, 1 % membership.</summary>
    private static List<string> Body()
    {
        var events = new List<JsonObject>(OrgTree());
        for (var i = 0; i < Events; i++)
        {
            events.Add((i % 100) switch
            {
                < 70 => AiUsage($"u-{i}", person: $"person-{i % 500}@example.com"),
                < 90 => Deployment($"d-{i}", team: i % 2 == 0 ? "team-a" : "team-b"),
                < 95 => ToolAccess($"t-{i}", person: $"person-{i % 500}@example.com"),
                < 99 => Survey($"s-{i}", person: $"person-{i % 500}@example.com", score: i % 11),
                _ => Membership($"m-{i}", person: $"member-{i}@example.com"),
            });
        }

        return [.. events.Select(e => e.ToJsonString() + "\n")];
    }

    /// <summary>Streams the lines a few hundred at a time, so the body is still arriving while the first chunks commit.</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly IReadOnlyList<string> _lines;

        public TrickleContent(IReadOnlyList<string> lines)
        {
            _lines = lines;
            Headers.ContentType = MediaTypeHeaderValue.Parse(IngestionClient.NdjsonMediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < _lines.Count; i += 200)
            {
                var block = Encoding.UTF8.GetBytes(string.Concat(_lines.Skip(i).Take(200)));
                await stream.WriteAsync(block);
                await stream.FlushAsync();
                await Task.Delay(25);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class KilledServerTestsOnSqlite() : KilledServerTests(DatabaseKind.Sqlite);

public sealed class KilledServerTestsOnPostgreSql() : KilledServerTests(DatabaseKind.PostgreSql);
