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

    private async Task<(HashSet<string> Nodes, HashSet<string> Edges, JsonArray Raw)> LineageAsync(string key, string direction, int depth = 3, string role = "Engineer")
    {
        var response = await _app.ClientFor("reader", role).PostGraphQLAsync(
            $"{{ metric(key: \"{key}\") {{ lineage(direction: {direction}, depth: {depth}) {{ root nodes {{ id kind eventCount eventCountBucket lastSeen countedThrough }} edges {{ from to kind }} }} }} }}");
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        var lineage = response.Data!["metric"]!["lineage"]!;
        return (
            lineage["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToHashSet(),
            lineage["edges"]!.AsArray().Select(e => $"{e!["from"]} -{e["kind"]}-> {e["to"]}").ToHashSet(),
            lineage["nodes"]!.AsArray());
    }

    /// <summary>Deployments name a team, which must exist.</summary>
    private static JsonObject[] Org() => [TestEvents.OrgUnit("acme", "COMPANY", null), TestEvents.OrgUnit("org-x", "ORG", "acme"), TestEvents.OrgUnit("team-a", "TEAM", "org-x")];

    private static JsonNode Node(JsonArray raw, string id) => raw.Single(n => n!["id"]!.GetValue<string>() == id)!;

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
    public async Task SourcesOfTeamEventsAppearLiveWithExactCountsForTheRolesThatRunSources()
    {
        await _app.Ingestor().PostNdjsonAsync([
            .. Org(),
            TestEvents.Deployment("d-1", source: "ci-pipeline"),
            TestEvents.Deployment("d-2", source: "ci-pipeline"),
            TestEvents.Deployment("d-3", source: "release-bot"),
            TestEvents.ToolAccess("t-1", source: "licence-server")]);

        var (_, edges, raw) = await LineageAsync("production_deployments", "UPSTREAM", role: "Auditor");

        Assert.Contains("event:deployment -DELIVERED_BY-> source:ci-pipeline", edges);
        Assert.Contains("event:deployment -DELIVERED_BY-> source:release-bot", edges);
        Assert.DoesNotContain(edges, e => e.Contains("licence-server", StringComparison.Ordinal));
        var source = Node(raw, "source:ci-pipeline");
        Assert.Equal((2L, "0-99"), (source["eventCount"]!.GetValue<long>(), source["eventCountBucket"]!.GetValue<string>()));
        Assert.NotNull(source["lastSeen"]);
        Assert.Null(source["countedThrough"]);
    }

    [Fact]
    public async Task ReplaysAndDuplicatesAreNotCountedAsDeliveries()
    {
        var feed = _app.Ingestor();
        await feed.PostNdjsonAsync(Org());
        var file = IngestionClient.Ndjson(
            TestEvents.Deployment("d-1", source: "ci-pipeline"),
            TestEvents.Deployment("d-2", source: "ci-pipeline"),
            TestEvents.Deployment("d-1", source: "ci-pipeline"));
        await feed.PostNdjsonAsync(file);
        await feed.PostNdjsonAsync(file);
        await feed.IngestAsync(TestEvents.Deployment("d-2", source: "ci-pipeline"), TestEvents.Deployment("d-3", source: "ci-pipeline"));

        var (_, _, raw) = await LineageAsync("production_deployments", "UPSTREAM", role: "MetricSteward");

        Assert.Equal(3, Node(raw, "source:ci-pipeline")["eventCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task SourcesOfPeoplesEventsAreListedOnceReleasedAndCountedOnlyUpToTheNewestReleasedWeekInBuckets()
    {
        // A per-tool source one pilot uses: its counts and times are that person's activity.
        var feed = _app.Ingestor();
        await feed.PostNdjsonAsync(
            TestEvents.AiUsage("u-1", source: "claude-code-export"),
            TestEvents.AiUsage("u-2", source: "claude-code-export"),
            TestEvents.AiUsage("u-3", source: "kiro-pilot"));

        // Not released yet: the sources are not even listed (their existence would say someone used Kiro).
        var (before, _, _) = await LineageAsync("tokens_per_active_user", "UPSTREAM", role: "Auditor");
        Assert.DoesNotContain(before, n => n.StartsWith("source:", StringComparison.Ordinal));

        await _app.BuildReleasesAsync();
        var (_, edges, released) = await LineageAsync("tokens_per_active_user", "UPSTREAM", role: "Auditor");
        Assert.Contains("event:ai_usage -DELIVERED_BY-> source:kiro-pilot", edges);
        var kiro = Node(released, "source:kiro-pilot");
        Assert.Null(kiro["eventCount"]);
        Assert.Equal("0-99", kiro["eventCountBucket"]!.GetValue<string>());
        // The week of 2026-03-02, not the time of the event.
        Assert.Equal(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), kiro["lastSeen"]!.GetValue<DateTime>().ToUniversalTime());
        var through = DateOnly.Parse(kiro["countedThrough"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Sunday, through.DayOfWeek);
        Assert.True(through < DateOnly.FromDateTime(DateTime.UtcNow));

        // The pilot works on in the running week (and a late event arrives for a released week):
        // nothing an operator sees changes until the next release.
        var now = DateTime.UtcNow;
        await feed.PostNdjsonAsync(
            TestEvents.AiUsage("u-4", source: "kiro-pilot").With("occurredAt", now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
            TestEvents.AiUsage("u-5", source: "kiro-pilot").With("occurredAt", "2026-03-03T10:00:00Z"),
            TestEvents.AiUsage("u-6", source: "new-pilot").With("occurredAt", now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        var (afterNodes, _, after) = await LineageAsync("tokens_per_active_user", "UPSTREAM", role: "Auditor");
        Assert.Equal(kiro.ToJsonString(), Node(after, "source:kiro-pilot").ToJsonString());
        Assert.DoesNotContain("source:new-pilot", afterNodes);
    }

    [Fact]
    public async Task ReadersWhoDoNotRunSourcesSeeNoDeliveryFigures()
    {
        await _app.Ingestor().PostNdjsonAsync([.. Org(), TestEvents.Deployment("d-1", source: "ci-pipeline"), TestEvents.AiUsage("u-1", source: "kiro-pilot")]);
        await _app.BuildReleasesAsync();

        foreach (var role in new[] { "Engineer", "Manager", "Leader", "Analyst", "PrivacyOfficer" })
        {
            var (deploymentNodes, _, deployments) = await LineageAsync("production_deployments", "UPSTREAM", role: role);
            var (usageNodes, _, usage) = await LineageAsync("tokens_per_active_user", "UPSTREAM", role: role);

            Assert.Contains("source:ci-pipeline", deploymentNodes);
            Assert.Contains("source:kiro-pilot", usageNodes);
            foreach (var source in new[] { Node(deployments, "source:ci-pipeline"), Node(usage, "source:kiro-pilot") })
            {
                Assert.True(source["eventCount"] is null && source["eventCountBucket"] is null && source["lastSeen"] is null && source["countedThrough"] is null, $"{role}: {source}");
            }
        }
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
