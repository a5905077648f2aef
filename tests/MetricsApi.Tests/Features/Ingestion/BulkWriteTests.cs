using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// Chunks are written set-based (COPY on PostgreSQL, prepared statements on SQLite) and one chunk is
/// written while the next is read. With chunks of 50 events, every request here spans many chunks:
/// what is stored, what is counted and what is audited must be exactly what one event at a time gave.
/// </summary>
public abstract class BulkWriteTests(DatabaseKind kind) : IAsyncLifetime
{
    private const int ChunkSize = 50;

    private MetricsApiFactory _app = null!;

    private HttpClient Ingestor => _app.Ingestor();

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?>
    {
        ["Catalogue:PublishStandard"] = "false",
        ["Ingestion:ChunkSize"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryFieldOfEveryTelemetryTypeIsStoredExactlyAsSent()
    {
        var response = await Ingestor.PostNdjsonAsync(
            [.. OrgTree(),
            Deployment("d-full", team: "team-b").With("status", "FAILED").With("startedAt", "2026-03-02T10:00:00.123456Z").With("finishedAt", "2026-03-02T12:15:00+02:00")
                .With("leadTimeMinutes", 95).With("causedIncident", true).With("restoredAt", "2026-03-02T11:00:00.5Z"),
            Deployment("d-bare"),
            AiUsage("u-1").With("tool", "claude code").With("kind", "OUTPUT_ACCEPTED").With("inputTokens", 100_000_000).With("outputTokens", 0),
            ToolAccess("t-open"),
            ToolAccess("t-closed").With("revokedAt", "2026-02-01T00:00:00Z"),
            Survey("s-1", score: 0)]);

        Assert.Equal((10, 0, 0), (response.Accepted, response.Duplicates, response.Rejected));
        var (full, bare, usage, open, closed, survey, teamB) = await _app.WithDbAsync(async db => (
            await db.Set<DeploymentEvent>().SingleAsync(d => d.EventId == "d-full"),
            await db.Set<DeploymentEvent>().SingleAsync(d => d.EventId == "d-bare"),
            await db.Set<AiUsageEvent>().SingleAsync(),
            await db.Set<ToolAccessEvent>().SingleAsync(t => t.EventId == "t-open"),
            await db.Set<ToolAccessEvent>().SingleAsync(t => t.EventId == "t-closed"),
            await db.Set<SurveyResponseEvent>().SingleAsync(),
            await db.Set<MetricsApi.Features.Org.OrgUnit>().SingleAsync(u => u.ExternalId == "team-b")));

        Assert.Equal((Source, teamB.Id, "checkout", "production", "FAILED"), (full.Source, full.TeamId, full.Service, full.Environment, full.Status));
        Assert.Equal(Utc(2026, 3, 2, 10, 0, 0).AddTicks(1_234_560), full.StartedAt);
        Assert.Equal(Utc(2026, 3, 2, 10, 15, 0), full.FinishedAt);
        Assert.Equal(((int?)95, true, (DateTime?)Utc(2026, 3, 2, 11, 0, 0).AddMilliseconds(500)), (full.LeadTimeMinutes, full.CausedIncident, full.RestoredAt));
        Assert.Equal(((int?)null, false, (DateTime?)null), (bare.LeadTimeMinutes, bare.CausedIncident, bare.RestoredAt));
        Assert.Equal(("Claude Code", "sonnet", "OUTPUT_ACCEPTED", 100_000_000L, 0L), (usage.Tool, usage.Model, usage.Kind, usage.InputTokens, usage.OutputTokens));
        Assert.Equal(Utc(2026, 3, 2, 10, 15, 0), usage.OccurredAt);
        Assert.Equal(64, usage.PersonKey.Length);
        Assert.Equal(usage.PersonKey, open.PersonKey);
        Assert.Equal(("Kiro", Utc(2026, 1, 5, 9, 0, 0), (DateTime?)null), (open.Tool, open.GrantedAt, open.RevokedAt));
        Assert.Equal(Utc(2026, 2, 1, 0, 0, 0), closed.RevokedAt);
        Assert.Equal(("Codex", 0, Utc(2026, 3, 2, 10, 15, 0)), (survey.Tool, survey.Score, survey.SubmittedAt));
    }

    [Fact]
    public async Task EveryRowOfAChunkIsReceivedWhenItsLedgerEntryWasWritten()
    {
        await Ingestor.PostNdjsonAsync([.. OrgTree(), .. Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? AiUsage($"u-{i}") : Deployment($"d-{i}"))]);

        var (received, ledger) = await _app.WithDbAsync(async db => (
            (await db.Set<AiUsageEvent>().Select(e => new { e.EventId, e.ReceivedAt }).ToListAsync())
                .Concat(await db.Set<DeploymentEvent>().Select(e => new { e.EventId, e.ReceivedAt }).ToListAsync()).ToList(),
            await db.Set<IngestedEvent>().ToDictionaryAsync(e => e.EventId, e => e.IngestedAt)));

        Assert.Equal(120, received.Count);
        Assert.All(received, r => Assert.Equal(ledger[r.EventId], r.ReceivedAt));
    }

    [Fact]
    public async Task DuplicatesInsideAChunkAcrossChunksAndAcrossRequestsAreEachStoredOnce()
    {
        var first = await Ingestor.PostNdjsonAsync([.. Enumerable.Range(0, 130).Select(i => Survey($"s-{i}"))]);

        // 60 new events (the first 10 twice in a row, inside a chunk), the same 60 again (in later
        // chunks than their first copies), then the first request's 130 again.
        var second = await Ingestor.PostNdjsonAsync(
            [.. Enumerable.Range(130, 10).SelectMany(i => new[] { AiUsage($"s-{i}"), AiUsage($"s-{i}") }),
            .. Enumerable.Range(140, 50).Select(i => AiUsage($"s-{i}")),
            .. Enumerable.Range(130, 60).Select(i => AiUsage($"s-{i}")),
            .. Enumerable.Range(0, 130).Select(i => Survey($"s-{i}"))]);

        Assert.Equal((130, 0, 0), (first.Accepted, first.Duplicates, first.Rejected));
        Assert.Equal((60, 10 + 60 + 130, 0), (second.Accepted, second.Duplicates, second.Rejected));
        Assert.Equal((130, 60, 190), (await _app.CountAsync<SurveyResponseEvent>(), await _app.CountAsync<AiUsageEvent>(), await _app.CountAsync<IngestedEvent>()));
    }

    [Fact]
    public async Task APartlyKnownChunkStoresOnlyItsNewEvents()
    {
        await Ingestor.PostNdjsonAsync([.. Enumerable.Range(0, 30).Select(i => AiUsage($"u-{i}"))]);

        var overlap = await Ingestor.PostNdjsonAsync([.. Enumerable.Range(20, 30).Select(i => AiUsage($"u-{i}"))]);

        Assert.Equal((20, 10), (overlap.Accepted, overlap.Duplicates));
        Assert.Equal(50, await _app.CountAsync<AiUsageEvent>());
    }

    [Fact]
    public async Task ConcurrentUploadsOfTheSameEventsInOppositeOrdersStoreEachEventOnce()
    {
        // One chunk each, so the same keys meet in one transaction in opposite orders.
        var events = Enumerable.Range(0, ChunkSize).Select(i => AiUsage($"u-{i:D3}")).ToArray();
        var forward = IngestionClient.Ndjson(events);
        var backward = IngestionClient.Ndjson([.. events.Reverse()]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Ingestor.PostNdjsonAsync(i % 2 == 0 ? forward : backward)));

        Assert.All(responses, r => Assert.True(r.Status == 200 && r.Rejected == 0, r.ToString()));
        Assert.Equal(events.Length, responses.Sum(r => r.Accepted));
        Assert.Equal(5 * events.Length, responses.Sum(r => r.Duplicates));
        Assert.Equal((events.Length, events.Length), (await _app.CountAsync<AiUsageEvent>(), await _app.CountAsync<IngestedEvent>()));
    }

    [Fact]
    public async Task EachChunkIsOneAuditEntryAndTheEntriesAddUpToTheResponse()
    {
        var response = await Ingestor.PostNdjsonAsync(
            [.. Enumerable.Range(0, 170).Select(i => i % 17 == 0 ? Survey($"s-{i}", score: 11) : i % 10 == 0 ? Survey($"s-{i - 1}") : Survey($"s-{i}"))]);

        var audit = await _app.Auditor().PostGraphQLAsync("{ auditLog(first: 100, where: { action: INGEST_BATCH }) { nodes { sequence eventsAccepted eventsDuplicate eventsRejected } } }");
        var entries = audit.Data!["auditLog"]!["nodes"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(4, entries.Count);
        Assert.Equal([50, 50, 50, 20], entries.OrderBy(e => e.Number("sequence")).Select(e => e.Number("eventsAccepted") + e.Number("eventsDuplicate") + e.Number("eventsRejected")));
        Assert.Equal(
            (response.Accepted, response.Duplicates, response.Rejected),
            (entries.Sum(e => e.Number("eventsAccepted")), entries.Sum(e => e.Number("eventsDuplicate")), entries.Sum(e => e.Number("eventsRejected"))));
        Assert.Equal(10, response.Rejected);
        Assert.True((await _app.VerifyAsync())["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OrgUnitsLoadedMidRequestCanBeNamedByTheEventsAfterThemInTheSameRequest()
    {
        var response = await Ingestor.PostNdjsonAsync(
            [OrgUnit("acme", "COMPANY", null), OrgUnit("org-eng", "ORG", "acme"),
            .. Enumerable.Range(0, 2 * ChunkSize + 7).Select(i => AiUsage($"u-{i}")),
            OrgUnit("team-late", "TEAM", "org-eng"),
            .. Enumerable.Range(0, ChunkSize).Select(i => Deployment($"d-{i}", team: "team-late")),
            Membership("m-1", team: "team-late")]);

        Assert.Equal((2 + 2 * ChunkSize + 7 + 1 + ChunkSize + 1, 0, 0), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal(ChunkSize, await _app.CountAsync<DeploymentEvent>());
    }

    [Fact]
    public async Task DeliveryFiguresAlwaysEqualACountOverTheLedger()
    {
        await Ingestor.PostNdjsonAsync([.. OrgTree(), .. Enumerable.Range(0, 90).Select(i => AiUsage($"u-{i}", source: i % 3 == 0 ? "kiro" : "claude"))]);
        await Ingestor.PostNdjsonAsync([.. Enumerable.Range(60, 60).Select(i => AiUsage($"u-{i}", source: i % 3 == 0 ? "kiro" : "claude")), Survey("s-1", score: 11)]);
        await Ingestor.IngestAsync(Deployment("d-1"), Deployment("d-1"), Membership("m-1"), Survey("s-2"));

        var (summary, ledger) = await _app.WithDbAsync(async db => (
            await db.Set<SourceDelivery>().OrderBy(d => d.Source).ThenBy(d => d.Type).Select(d => new { d.Source, d.Type, d.EventCount, d.LastSeen }).ToListAsync(),
            await db.Set<IngestedEvent>().GroupBy(e => new { e.Source, e.Type }).OrderBy(g => g.Key.Source).ThenBy(g => g.Key.Type)
                .Select(g => new { g.Key.Source, g.Key.Type, EventCount = g.LongCount(), LastSeen = g.Max(e => e.IngestedAt) }).ToListAsync()));

        Assert.Equal(ledger, summary);
        Assert.Equal(
            [("claude", "ai_usage", 80L), ("hr-feed", "membership", 1L), ("hr-feed", "org_unit", 4L), ("kiro", "ai_usage", 40L), (Source, "deployment", 1L), (Source, "survey_response", 1L)],
            summary.Select(s => (s.Source, s.Type, s.EventCount)));
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}

public sealed class BulkWriteTestsOnSqlite() : BulkWriteTests(DatabaseKind.Sqlite);

public sealed class BulkWriteTestsOnPostgreSql() : BulkWriteTests(DatabaseKind.PostgreSql);
