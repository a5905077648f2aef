using System.Globalization;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Periods are whole weeks or months, never arbitrary windows; bad arguments are BAD_USER_INPUT naming
/// the field (a resolver error: HTTP 200 with <c>data: null</c>, as for every other BAD_USER_INPUT the
/// resolvers raise).
/// </summary>
public abstract class MetricValuesInputTests(EvaluationApp app)
{
    private HttpClient Ana => app.Factory.ClientFor("ana", "Analyst");

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string InAYear => DateTime.UtcNow.AddDays(400).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <remarks>
    /// Counts and sums of events add up over time, so the catalogue reads them at one grain (weekly in the
    /// standard catalogue): their MONTH reads are refused, or March minus its ISO weeks would give a hidden
    /// week back (time-window slicing). active_ai_users is read at both grains.
    /// </remarks>
    [Theory]
    [InlineData("engineer_nps_per_tool", "WEEK", "2026-03-02", "2026-03-29", null, "period.grain")]
    [InlineData("weekly_active_ai_users", "MONTH", "2026-03-01", "2026-03-31", null, "period.grain")]
    [InlineData("licensed_users", "WEEK", "2026-03-02", "2026-03-29", null, "period.grain")]
    [InlineData("total_tokens", "MONTH", "2026-03-01", "2026-03-31", null, "period.grain")]
    [InlineData("production_deployments", "MONTH", "2026-03-01", "2026-03-31", null, "period.grain")]
    [InlineData("value_deriving_events", "MONTH", "2026-03-01", "2026-03-31", "tool", "period.grain")]
    [InlineData("tokens_per_active_user", "MONTH", "2026-03-01", "2026-03-31", null, "period.grain")]
    [InlineData("change_failure_rate", "MONTH", "2026-03-01", "2026-03-31", null, "period.grain")]
    [InlineData("active_ai_users", "MONTH", "2026-03-31", "2026-03-01", null, "period.from")]
    [InlineData("total_tokens", "WEEK", "2026-03-16", "2026-03-09", null, "period.from")]
    [InlineData("active_ai_users", "MONTH", "2026-03-01", "IN_A_YEAR", null, "period.to")]
    [InlineData("total_tokens", "WEEK", "2026-03-02", "IN_A_YEAR", null, "period.to")]
    [InlineData("total_tokens", "WEEK", "2020-01-06", "2026-03-29", null, "period")]
    [InlineData("total_tokens", "WEEK", "2026-03-02", "2026-03-29", "model", "dimension")]
    [InlineData("total_tokens", "WEEK", "2026-03-02", "2026-03-29", "person", "dimension")]
    [InlineData("production_deployments", "WEEK", "2026-03-02", "2026-03-29", "tool", "dimension")]
    public async Task BadArgumentIsBadUserInputNamingTheField(string metric, string grain, string from, string to, string? dimension, string field)
    {
        to = to == "IN_A_YEAR" ? InAYear : to;

        var response = await Ana.MetricValuesAsync(new ValuesRequest(metric, "PORTFOLIO_REPORTING", grain, from, to, Dimension: dimension));

        response.AssertError("BAD_USER_INPUT", field);
    }

    [Fact]
    public async Task UnknownMetricIsNotFound()
    {
        var response = await Ana.MetricValuesAsync(new ValuesRequest("no_such_metric", "TOOL_EVALUATION"));

        response.AssertError("NOT_FOUND", "metric");
    }

    [Fact]
    public async Task TwoHundredSixtyWeeksAreAllowedAndOneMoreIsNot()
    {
        var last = new DateOnly(2026, 3, 23);
        var limit = new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", EvaluationData.Iso(last.AddDays(-7 * 259)), "2026-03-29", Scope: "team-e");

        var allowed = await Ana.MetricValuesAsync(limit);
        var tooMany = await Ana.MetricValuesAsync(limit with { From = EvaluationData.Iso(last.AddDays(-7 * 260)) });

        Assert.Equal(260, allowed.Series().Points().Count);
        tooMany.AssertError("BAD_USER_INPUT", "period");
    }

    [Fact]
    public async Task DaysInsideAPeriodSelectTheWholePeriod()
    {
        // active_ai_users is read both weekly and monthly (a people count does not add up over time).
        var whole = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", "2026-03-02", "2026-03-15", Scope: "team-e");

        var wholeWeeks = await Ana.MetricValuesAsync(whole);
        var fewDays = await Ana.MetricValuesAsync(whole with { From = "2026-03-04", To = "2026-03-10" });
        var wholeMonth = await Ana.MetricValuesAsync(whole with { Grain = "MONTH", From = "2026-03-01", To = "2026-03-31" });
        var twoDays = await Ana.MetricValuesAsync(whole with { Grain = "MONTH", From = "2026-03-15", To = "2026-03-16" });

        Assert.Equal(["2026-03-02", "2026-03-09"], fewDays.Series().Points().Select(p => p.PeriodStart));
        Assert.Equal(wholeWeeks.Series().Points(), fewDays.Series().Points());
        Assert.Equal(wholeMonth.Series().Points(), twoDays.Series().Points());
    }

    [Fact]
    public async Task WeeksRunMondayToSundayAndComeInGroupThenPeriodOrder()
    {
        var response = await Ana.MetricValuesAsync(new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", "2026-03-02", "2026-03-29"));

        var points = response.Series().Points();
        Assert.Equal(EvaluationData.AllTeams.Length * EvaluationData.Weeks.Length, points.Count);
        Assert.All(points, p =>
        {
            var start = DateOnly.Parse(p.PeriodStart, CultureInfo.InvariantCulture);
            Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
            Assert.Equal(EvaluationData.Iso(start.AddDays(6)), p.PeriodEnd);
            Assert.True(p.Complete);
        });
        var groups = points.Select(p => p.GroupId).ToList();
        Assert.Equal(groups.Distinct().Count(), groups.Zip(groups.Skip(1)).Count(pair => pair.First != pair.Second) + 1);
        Assert.All(points.GroupBy(p => p.GroupId), g => Assert.Equal(g.Select(p => p.PeriodStart).Order(StringComparer.Ordinal), g.Select(p => p.PeriodStart)));
    }

    [Fact]
    public async Task TheRunningWeekIsMarkedIncomplete()
    {
        var response = await Ana.MetricValuesAsync(new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", Today, Today, Scope: "team-e"));

        // A running period's value still grows: two reads a day apart would isolate one day's activity, so it
        // is served hidden until the period has ended.
        var point = Assert.Single(response.Series().Points());
        Assert.False(point.Complete);
        Assert.Equal((null, true, "PERIOD_INCOMPLETE", null), (point.Value, point.Suppressed, point.SuppressionReason, point.PeopleBucket));
    }
}

public sealed class MetricValuesInputTestsOnSqlite(EvaluationAppOnSqlite app) : MetricValuesInputTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class MetricValuesInputTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : MetricValuesInputTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
