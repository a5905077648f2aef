using System.Text;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Read;

/// <summary>
/// A request is costed by what it will return (periods × groups × (dimension values + guardrails) per
/// metricValues field, aliases added up, plus 1,000 per field) before anything executes; above the budget
/// it is refused as QUERY_TOO_COMPLEX and reads nothing; every response reports its cost.
/// </summary>
public abstract class QueryCostTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await StartAsync(kind);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly ValuesRequest Adoption = new("weekly_active_ai_users", "TOOL_EVALUATION", "WEEK", Week1, Week2End);

    [Fact]
    public async Task EveryResponseReportsWhatItCost()
    {
        var viewer = await _app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ viewer { displayName } }");
        var read = await _app.ClientFor("ana", "Analyst").MetricValuesAsync(Adoption);

        Assert.Equal((0, 500_000), (viewer.Body["extensions"]!["cost"]!["points"]!.GetValue<long>(), viewer.Body["extensions"]!["cost"]!["budget"]!.GetValue<long>()));
        // 2 weeks x 4 teams x (the metric + its 2 weekly guardrails), plus 1,000 for the field.
        Assert.Equal(2 * 4 * 3 + 1000, read.Body["extensions"]!["cost"]!["points"]!.GetValue<long>());
        Assert.Equal(1, read.Body["extensions"]!["cost"]!["fields"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACostIsWhatTheCallerMayReadNotWhatTheCompanyHas()
    {
        await using var app = await StartAsync(kind);
        // A manager of team-p: one group.
        var grant = await app.Ingestor().PostNdjsonAsync(MetricsApi.Tests.Features.Ingestion.TestEvents.Manager("g-mona", person: TestTokens.ObjectIdFor("mona"), orgUnit: "team-p", validFrom: "2025-01-01"));
        Assert.Equal(1, grant.Accepted);

        var read = await app.ClientFor("mona", "Manager").MetricValuesAsync(Adoption with { Purpose = "TEAM_IMPROVEMENT", Dimension = null });

        Assert.Equal(2 * 1 * 3 + 1000, read.Body["extensions"]!["cost"]!["points"]!.GetValue<long>());
    }

    [Fact]
    public async Task NineHundredAliasesAreRefusedBeforeAnythingIsRead()
    {
        var document = new StringBuilder("{ ");
        for (var i = 0; i < 900; i++)
        {
            document.Append(Adoption.Field("a" + i, "points { value }")).Append(' ');
        }

        var response = await _app.ClientFor("Eve Attacker", "Analyst").PostGraphQLAsync(document.Append('}').ToString());

        Assert.Equal((400, "QUERY_TOO_COMPLEX"), (response.Status, response.FirstCode));
        Assert.Contains("900 governed fields", response.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(response.Data);
        Assert.Equal(900 * (2 * 4 * 3 + 1000), response.Body["extensions"]!["cost"]!["points"]!.GetValue<long>());
        Assert.Empty(await _app.AuditOfAsync("Eve Attacker", "READ_METRIC_VALUES"));
    }

    [Fact]
    public async Task TheBudgetIsConfigurable()
    {
        await using var app = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["GraphQL:MaxPointsPerRequest"] = "1500" });

        var one = await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + Adoption.Field("a", "points { value }") + " }");
        var two = await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + Adoption.Field("a", "points { value }") + " " + Adoption.Field("b", "points { value }") + " }");

        // An empty organisation: no group in scope, so each field costs its 1,000 and is refused as out of scope when it runs.
        Assert.Equal(("OUT_OF_SCOPE", 1000L), (one.FirstCode, one.Body["extensions"]!["cost"]!["points"]!.GetValue<long>()));
        Assert.Equal(("QUERY_TOO_COMPLEX", 1500L), (two.FirstCode, two.Body["extensions"]!["cost"]!["budget"]!.GetValue<long>()));
    }
}

public sealed class QueryCostTestsOnSqlite() : QueryCostTests(DatabaseKind.Sqlite);

public sealed class QueryCostTestsOnPostgreSql() : QueryCostTests(DatabaseKind.PostgreSql);
