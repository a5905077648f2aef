using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.GraphQL;

/// <summary>
/// Every date-time leaves the API in UTC with a <c>Z</c>, also when read back from SQLite, which
/// stores no time zone (a JavaScript client reads a time without one as local time).
/// </summary>
public abstract class DateTimeUtcTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static IEnumerable<string> DateTimes(JsonNode? node, string path = "") => node switch
    {
        JsonObject o => o.SelectMany(p => DateTimes(p.Value, path + "." + p.Key)),
        JsonArray a => a.SelectMany((n, i) => DateTimes(n, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length >= 19 && s[10] == 'T' && char.IsDigit(s[0]) => [$"{path}={s}"],
        _ => [],
    };

    private static void AssertAllUtc(GraphQLResponse response, int atLeast)
    {
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        var found = DateTimes(response.Data).ToList();
        Assert.True(found.Count >= atLeast, string.Join("\n", found));
        Assert.All(found, f => Assert.EndsWith("Z", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CatalogueTimesReadBackFromTheDatabaseAreUtc()
    {
        await _app.ReviewedAsync(CatalogueClient.OutcomeInput("rollback_count"));
        await _app.Steward().StepAsync("publishMetric", "rollback_count");

        var response = await _app.ClientFor("reader", "Engineer").PostGraphQLAsync(
            "{ metric(key: \"rollback_count\") { current { createdAt submittedAt publishedAt approvals { approvedAt } } } }");

        AssertAllUtc(response, 4);
    }

    [Fact]
    public async Task PolicyAuditAndLineageTimesAreUtc()
    {
        await _app.ClientFor("priya", "PrivacyOfficer").PostGraphQLAsync("mutation { updatePolicy(input: { minGroupSize: 6, reason: \"test\" }) { version } }");
        await _app.Ingestor().PostNdjsonAsync(TestEvents.OrgUnit("acme", "COMPANY", null), TestEvents.OrgUnit("org-x", "ORG", "acme"), TestEvents.OrgUnit("team-a", "TEAM", "org-x"), TestEvents.Deployment("d-1", source: "ci-pipeline"));

        var policy = await _app.ClientFor("reader", "Engineer").PostGraphQLAsync("{ policy { createdAt } }");
        var audit = await _app.Auditor().PostGraphQLAsync("{ auditLog(first: 5) { nodes { occurredAt } } }");
        var lineage = await _app.ClientFor("reader", "Auditor").PostGraphQLAsync(
            "{ metric(key: \"production_deployments\") { lineage(direction: UPSTREAM, depth: 3) { nodes { lastSeen } } } }");

        AssertAllUtc(policy, 1);
        AssertAllUtc(audit, 3);
        AssertAllUtc(lineage, 1);
    }
}

public sealed class DateTimeUtcTestsOnSqlite() : DateTimeUtcTests(DatabaseKind.Sqlite);

public sealed class DateTimeUtcTestsOnPostgreSql() : DateTimeUtcTests(DatabaseKind.PostgreSql);
