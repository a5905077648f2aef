using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Catalogue;

/// <summary>Lineage derived from the definitions and the ingestion ledger.</summary>
public abstract class LineageTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HashSet<string> Nodes, HashSet<string> Edges, JsonArray Raw)> LineageAsync(string key, string direction, int depth = 3)
    {
        var metric = await _app.MetricAsync(key, $"lineage(direction: {direction}, depth: {depth}) {{ root nodes {{ id kind eventCount lastSeen }} edges {{ from to kind }} }}");
        var lineage = metric["lineage"]!;
        return (
            lineage["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToHashSet(),
            lineage["edges"]!.AsArray().Select(e => $"{e!["from"]} -{e["kind"]}-> {e["to"]}").ToHashSet(),
            lineage["nodes"]!.AsArray());
    }

    [Fact]
    public async Task RatioLineageReachesItsInputsEventTypesAndFieldsOverSeveralHops()
    {
        var (nodes, edges, _) = await LineageAsync("change_failure_rate", "UPSTREAM");

        Assert.Contains("metric:change_failure_rate@1 -COMPUTED_FROM-> metric:incident_causing_deployments@1", edges);
        Assert.Contains("metric:change_failure_rate@1 -COMPUTED_FROM-> metric:production_deployments@1", edges);
        Assert.Contains("metric:incident_causing_deployments@1 -READS_EVENTS-> event:deployment", edges);
        Assert.Contains("metric:incident_causing_deployments@1 -READS_FIELD-> field:deployment.causedIncident", edges);
        Assert.Contains("field:deployment.finishedAt", nodes);
        Assert.DoesNotContain(nodes, n => n.StartsWith("source:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DepthLimitsTheHops()
    {
        var (nodes, _, _) = await LineageAsync("change_failure_rate", "UPSTREAM", depth: 1);

        Assert.Contains("metric:production_deployments@1", nodes);
        Assert.DoesNotContain("event:deployment", nodes);
    }

    [Fact]
    public async Task SourcesThatDeliveredTheEventsAppearWithCountsAndLastSeen()
    {
        var feed = _app.Ingestor();
        await feed.PostNdjsonAsync(
            TestEvents.AiUsage("u-1", source: "claude-code-export"),
            TestEvents.AiUsage("u-2", source: "claude-code-export"),
            TestEvents.AiUsage("u-3", source: "kiro-telemetry"),
            TestEvents.ToolAccess("t-1", source: "licence-server"));

        var (_, edges, raw) = await LineageAsync("tokens_per_active_user", "UPSTREAM");

        Assert.Contains("event:ai_usage -DELIVERED_BY-> source:claude-code-export", edges);
        Assert.Contains("event:ai_usage -DELIVERED_BY-> source:kiro-telemetry", edges);
        Assert.DoesNotContain(edges, e => e.Contains("licence-server", StringComparison.Ordinal));
        var source = raw.Single(n => n!["id"]!.GetValue<string>() == "source:claude-code-export")!;
        Assert.Equal(2, source["eventCount"]!.GetValue<long>());
        Assert.NotNull(source["lastSeen"]);
    }

    [Fact]
    public async Task ReplaysAndDuplicatesAreNotCountedAsDeliveries()
    {
        var feed = _app.Ingestor();
        var file = IngestionClient.Ndjson(
            TestEvents.AiUsage("u-1", source: "claude-code-export"),
            TestEvents.AiUsage("u-2", source: "claude-code-export"),
            TestEvents.AiUsage("u-1", source: "claude-code-export"));
        await feed.PostNdjsonAsync(file);
        await feed.PostNdjsonAsync(file);
        await feed.IngestAsync(TestEvents.AiUsage("u-2", source: "claude-code-export"), TestEvents.AiUsage("u-3", source: "claude-code-export"));

        var (_, _, raw) = await LineageAsync("tokens_per_active_user", "UPSTREAM");

        var source = raw.Single(n => n!["id"]!.GetValue<string>() == "source:claude-code-export")!;
        Assert.Equal(3, source["eventCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task DownstreamListsTheMetricsComputedFromIt()
    {
        var (nodes, edges, _) = await LineageAsync("active_ai_users", "DOWNSTREAM");

        Assert.Contains("metric:tokens_per_active_user@1 -COMPUTED_FROM-> metric:active_ai_users@1", edges);
        Assert.Contains("metric:licence_utilisation@1 -COMPUTED_FROM-> metric:active_ai_users@1", edges);
        Assert.Contains("metric:value_events_per_active_user@1 -COMPUTED_FROM-> metric:active_ai_users@1", edges);
        Assert.DoesNotContain("event:ai_usage", nodes);
    }

    [Fact]
    public async Task DepthOutOfRangeIsBadUserInput()
    {
        var response = await _app.ClientFor("x", "Auditor").PostGraphQLAsync("{ metric(key: \"total_tokens\") { lineage(depth: 11) { root } } }");

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
    }
}

public sealed class LineageTestsOnSqlite() : LineageTests(DatabaseKind.Sqlite);

public sealed class LineageTestsOnPostgreSql() : LineageTests(DatabaseKind.PostgreSql);
