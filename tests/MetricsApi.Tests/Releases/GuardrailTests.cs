using MetricsApi.Features.Catalogue;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Every ACTIVITY and ADOPTION metric is served with its OUTCOME guardrails (invariant 5), each at the
/// grains that guardrail is read at (docs/governed-reads.md, Suppression).
/// </summary>
public abstract class GuardrailTests(EvaluationApp app)
{
    private const string FirstWeek = "2026-03-02";
    private const string LastWeekEnd = "2026-03-29";

    /// <summary>Every ACTIVITY and ADOPTION metric at every grain it is read at.</summary>
    public static TheoryData<string, string> ActivityAndAdoptionMetrics()
    {
        var data = new TheoryData<string, string>();
        foreach (var metric in StandardCatalogue.Metrics.Where(m => m.Kind is MetricKinds.Activity or MetricKinds.Adoption))
        {
            foreach (var grain in metric.Grains)
            {
                data.Add(metric.Key, grain);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ActivityAndAdoptionMetrics), MemberType = typeof(GuardrailTests))]
    public async Task SeriesCarriesOneSeriesPerGuardrailWithTheSameGroupsAndPeriods(string key, string grain)
    {
        var metric = StandardCatalogue.Metrics.Single(m => m.Key == key);
        var (from, to) = grain == Grains.Week ? (FirstWeek, LastWeekEnd) : ("2026-03-01", "2026-03-31");
        // A guardrail is served only at grains it is read at (a weekly deployment count is never evaluated by month).
        var expected = metric.Guardrails.Where(g => StandardCatalogue.Metrics.Single(m => m.Key == g).Grains.Contains(grain)).Order(StringComparer.Ordinal).ToList();

        var response = await app.Factory.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest(key, "TOOL_EVALUATION", grain, from, to));

        var series = response.Series();
        var cells = series.Points().Select(p => (p.GroupId, p.PeriodStart)).ToHashSet();
        var guardrails = series["guardrails"]!.AsArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, guardrails.Select(g => g!["metric"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.NotEmpty(cells);
        foreach (var guardrail in guardrails)
        {
            var points = guardrail!["points"]!.AsArray();
            var guardrailCells = points.Select(p => (p!["groupId"]!.GetValue<string>(), p["periodStart"]!.GetValue<string>())).ToList();
            Assert.Equal(cells.Count, guardrailCells.Count);
            Assert.True(cells.SetEquals(guardrailCells), $"{guardrail["metric"]} has other groups or periods than {key}: {guardrail.ToJsonString()}");
            Assert.All(points.Where(p => p!["groupId"]!.GetValue<string>() == "team-f"), p => Assert.True(p!["suppressed"]!.GetValue<bool>(), "team-f has four people"));
        }
    }

    [Fact]
    public async Task AMonthlyReadCarriesOnlyTheGuardrailsReadMonthly()
    {
        // active_ai_users has the guardrails deployments_per_engineer_weekly (WEEK only) and median_lead_time
        // (WEEK and MONTH): a weekly read carries both, a monthly read only median_lead_time.
        var ana = app.Factory.ClientFor("ana", "Analyst");
        var weekly = await ana.MetricValuesAsync(new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e"));
        var monthly = await ana.MetricValuesAsync(new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "MONTH", "2026-03-01", "2026-03-31", Scope: "team-e"));

        Assert.Equal(["deployments_per_engineer_weekly", "median_lead_time"], weekly.Series()["guardrails"]!.AsArray().Select(g => g!["metric"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var guardrail = Assert.Single(monthly.Series()["guardrails"]!.AsArray())!;
        Assert.Equal("median_lead_time", guardrail["metric"]!.GetValue<string>());

        // team-e deploys 5 times a week with lead times 60, 70, 80, 90, 100 minutes: the median is 80 in
        // every week and over March's 20 deployments (four of each) too.
        var point = Assert.Single(guardrail["points"]!.AsArray())!;
        Assert.Equal(("2026-03-01", 80.0), (point["periodStart"]!.GetValue<string>(), point["value"]!.GetValue<double>()));
    }

    [Fact]
    public async Task GuardrailsAreServedEvenForAPurposeTheirOwnDefinitionDoesNotName()
    {
        // deployments_per_engineer_weekly allows TEAM_IMPROVEMENT and PORTFOLIO_REPORTING only.
        var response = await app.Factory.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e"));

        var guardrail = Assert.Single(response.Series()["guardrails"]!.AsArray())!;
        Assert.Equal("deployments_per_engineer_weekly", guardrail["metric"]!.GetValue<string>());
        // team-e: 5 deployments a week / 10 people = 0.5 in each of the four weeks.
        var points = guardrail["points"]!.AsArray();
        Assert.Equal(EvaluationData.Weeks.Select(EvaluationData.Iso), points.Select(p => p!["periodStart"]!.GetValue<string>()));
        Assert.All(points, p => Assert.Equal(0.5, p!["value"]!.GetValue<double>()));
    }

    [Fact]
    public async Task GuardrailsComeWithTheSplitSeriesToo()
    {
        var response = await app.Factory.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e", Dimension: "tool"));

        var guardrail = Assert.Single(response.Series()["guardrails"]!.AsArray())!;
        Assert.Equal("deployments_per_engineer_weekly", guardrail["metric"]!.GetValue<string>());
        // One point per group and week, not per tool: a guardrail has no dimension.
        Assert.Equal(EvaluationData.Weeks.Select(EvaluationData.Iso), guardrail["points"]!.AsArray().Select(p => p!["periodStart"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OutcomeMetricsHaveNoGuardrails()
    {
        var response = await app.Factory.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd));

        Assert.Empty(response.Series()["guardrails"]!.AsArray());
    }
}

public sealed class GuardrailTestsOnSqlite(EvaluationAppOnSqlite app) : GuardrailTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class GuardrailTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : GuardrailTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
