using System.Globalization;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Every series names the definition and policy that produced it (PRODUCT.md §8). A fresh application
/// per test: one of them changes the policy.
/// </summary>
public abstract class ProvenanceTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await EvaluationApp.StartAsync(kind);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Ana => _app.ClientFor("ana", "Analyst");

    /// <summary>Deployment counts are read weekly only: the four ISO weeks of March.</summary>
    private static readonly ValuesRequest Deployments = new("production_deployments", "PORTFOLIO_REPORTING", "WEEK", "2026-03-02", "2026-03-29");

    private const string Raise = "mutation($input: PolicyInput!) { updatePolicy(input: $input) { version minGroupSize } }";

    [Fact]
    public async Task SeriesNamesMetricVersionPolicyVersionKAndWhenItWasComputed()
    {
        var before = DateTimeOffset.UtcNow;

        var series = (await Ana.MetricValuesAsync(Deployments)).Series();

        var provenance = series["provenance"]!;
        var suppressed = series.Points().Count(p => p.Suppressed);
        Assert.Equal(1, series["version"]!.GetValue<int>());
        Assert.Equal(1, provenance["metricVersion"]!.GetValue<int>());
        Assert.Equal(1, provenance["policyVersion"]!.GetValue<int>());
        Assert.Equal(5, provenance["minGroupSize"]!.GetValue<int>());
        var computedAt = DateTimeOffset.Parse(provenance["computedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(computedAt, before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        // Every week: team-f (4 people) is BELOW_MIN_GROUP_SIZE and team-d (9), the smallest visible sibling
        // in org-data, COMPLEMENTARY; 2 x 4 weeks.
        Assert.Equal(8, suppressed);
        Assert.Equal(suppressed, provenance["pointsSuppressed"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(provenance["reconciliation"]?.GetValue<string>()), series.ToJsonString());
    }

    [Fact]
    public async Task NothingToReconcileWhenNothingIsHidden()
    {
        var series = (await Ana.MetricValuesAsync(Deployments with { Scope = "team-e" })).Series();

        Assert.Equal(0, series["provenance"]!["pointsSuppressed"]!.GetValue<int>());
        Assert.Null(series["provenance"]!["reconciliation"]);
    }

    [Fact]
    public async Task RaisingTheGroupSizeIsAppliedToTheNextReadUnderTheNewPolicyVersion()
    {
        var teamA = Deployments with { Scope = "team-a" };
        var before = (await Ana.MetricValuesAsync(teamA)).Series();
        Assert.Equal(4, before.Points().Count);
        Assert.All(before.Points(), p => Assert.Equal(("5-9", false), (p.PeopleBucket, p.Suppressed)));

        var raise = await _app.ClientFor("Priya Privacy", "PrivacyOfficer").PostGraphQLAsync(Raise, new
        {
            input = new { minGroupSize = 7, metricMinGroupSizes = new[] { new { metric = "total_tokens", minGroupSize = 9 } }, reason = "Works council asked for 7." },
        });
        Assert.True(raise.Errors.Count == 0, raise.ToString());
        await _app.BuildReleasesAsync();

        var after = (await Ana.MetricValuesAsync(teamA)).Series();
        var tokens = (await Ana.MetricValuesAsync(Deployments with { Metric = "total_tokens" })).Series();
        Assert.Equal((2, 7), (after["provenance"]!["policyVersion"]!.GetValue<int>(), after["provenance"]!["minGroupSize"]!.GetValue<int>()));
        Assert.Equal(4, after.Points().Count);
        Assert.All(after.Points(), point => Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE", null), (point.Value, point.Suppressed, point.SuppressionReason, point.PeopleBucket)));
        Assert.Equal((2, 9), (tokens["provenance"]!["policyVersion"]!.GetValue<int>(), tokens["provenance"]!["minGroupSize"]!.GetValue<int>()));

        // k = 9 for tokens: team-b (8 people) is below it every week; team-d (9 people, all nine use AI tools
        // every week) is not, though it may still be hidden as COMPLEMENTARY.
        var tokenPoints = tokens.Points().ToLookup(p => p.GroupId);
        Assert.Equal(4, tokenPoints["team-b"].Count());
        Assert.All(tokenPoints["team-b"], p => Assert.Equal("BELOW_MIN_GROUP_SIZE", p.SuppressionReason));
        Assert.Equal(4, tokenPoints["team-d"].Count());
        Assert.All(tokenPoints["team-d"], p => Assert.NotEqual("BELOW_MIN_GROUP_SIZE", p.SuppressionReason));
        var reads = await _app.AuditOfAsync("ana", "READ_METRIC_VALUES");
        Assert.Equal(2, reads[0]!["policyVersion"]!.GetValue<int>());
    }
}

public sealed class ProvenanceTestsOnSqlite() : ProvenanceTests(DatabaseKind.Sqlite);

public sealed class ProvenanceTestsOnPostgreSql() : ProvenanceTests(DatabaseKind.PostgreSql);
