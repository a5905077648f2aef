using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;

namespace MetricsApi.Tests.Targets;

/// <summary>
/// Progress against a target, read through the governed path: the figures are the mean of what
/// <c>metricValues</c> serves for the same unit and weeks, the guardrails come over the same windows,
/// a velocity gain paid for in change failure rate carries a Goodhart warning, and a roll-up counts the
/// org's teams against their own baselines.
/// </summary>
public abstract class TargetProgressTests(TargetApp app)
{
    private const string Velocity = "deployments_per_engineer_weekly";

    private MetricsApiFactory App => app.Factory;

    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    private static async Task<IReadOnlyList<ValuePoint>> PointsAsync(HttpClient client, string metric, string unit, string groupBy, string purpose = "PORTFOLIO_REPORTING")
    {
        var response = await client.MetricValuesAsync(new ValuesRequest(metric, purpose, "WEEK", TargetData.BaselineFrom, TargetData.LastDay, unit, groupBy));
        return [.. response.Series().Points().Where(p => p.GroupId == unit)];
    }

    private static double? Mean(IEnumerable<ValuePoint> points) =>
        points.Where(p => !p.Suppressed && p.Value is not null).Select(p => p.Value!.Value).ToList() is { Count: > 0 } values ? Round(values.Average()) : null;

    [Fact]
    public async Task AnOrgsProgressIsTheMeanOfTheValuesMetricValuesServesForTheSameWeeks()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("progress-fast", "org-fast"))).Ok("createTarget");

        var progress = (await App.Leo().ProgressAsync("progress-fast")).Ok("targetProgress");
        var points = await PointsAsync(App.Leo(), Velocity, "org-fast", "ORG");

        var baseline = Mean(points.Take(TargetData.BaselineWeeks))!.Value;
        var current = Mean(points.TakeLast(TargetData.BaselineWeeks))!.Value;
        Assert.Equal(Round(14.0 / 38), baseline);
        Assert.Equal(Round(39.0 / 38), current);
        Assert.Equal(baseline, progress["baseline"].Number("value"));
        Assert.Equal(("2026-03-02", "2026-03-29", 4), (progress["current"]!["from"]!.GetValue<string>(), progress["current"]!["to"]!.GetValue<string>(), progress["current"]!["periodsWithValue"]!.GetValue<int>()));
        Assert.Equal(current, progress["current"].Number("value"));
        Assert.Equal(Round(current / baseline), progress.Number("ratioToBaseline"));
        Assert.Equal(Round(baseline * 3), progress.Number("goalValue"));
        Assert.Equal(("INCREASE", "MISSED", false, true), (progress["direction"]!.GetValue<string>(), progress["status"]!.GetValue<string>(), progress["onTrack"]!.GetValue<bool>(), progress["improving"]!.GetValue<bool>()));
        Assert.Equal(("2026-02-02", "2026-03-29", "2026-03-30"), (progress["trajectory"]!["from"]!.GetValue<string>(), progress["trajectory"]!["to"]!.GetValue<string>(), progress["trajectory"]!["asOf"]!.GetValue<string>()));
        Assert.Equal(Round(baseline * 3), progress["trajectory"].Number("expectedValue"));
        Assert.Equal(points.Select(p => (p.PeriodStart, p.Value, p.Suppressed)), progress["points"]!.AsArray().Select(p => (p!["periodStart"]!.GetValue<string>(), p["value"]?.GetValue<double>(), p["suppressed"]!.GetValue<bool>())));
        Assert.Equal(("org-fast", "Fast, \"Velocity\" Org", "ORG"), (progress["groupId"]!.GetValue<string>(), progress["groupName"]!.GetValue<string>(), progress["groupLevel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GuardrailsComeOverTheSameWindowsAsTheirMetricValues()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("progress-guardrails", "org-fast"))).Ok("createTarget");

        var progress = (await App.Leo().ProgressAsync("progress-guardrails")).Ok("targetProgress");
        var guardrails = progress["guardrails"]!.AsArray();

        Assert.Equal(["change_failure_rate", "median_lead_time"], guardrails.Select(g => g!["metric"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var guardrail in guardrails)
        {
            var key = guardrail!["metric"]!.GetValue<string>();
            var points = await PointsAsync(App.Leo(), key, "org-fast", "ORG");
            Assert.Equal(Mean(points.Take(TargetData.BaselineWeeks)), guardrail["baseline"].Number("value"));
            Assert.Equal(Mean(points.TakeLast(TargetData.BaselineWeeks)), guardrail["current"].Number("value"));
            Assert.False(guardrail["worsened"]!.GetValue<bool>());
        }

        var cfr = guardrails.Single(g => g!["metric"]!.GetValue<string>() == "change_failure_rate")!;
        Assert.Equal((Round(2.0 / 14), Round(4.0 / 39), true), (cfr["baseline"].Number("value"), cfr["current"].Number("value"), cfr["lowerIsBetter"]!.GetValue<bool>()));
        Assert.Empty(progress["warnings"]!.AsArray());
    }

    [Fact]
    public async Task TriplingVelocityWhileChangeFailureRateRisesCarriesAGoodhartWarning()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("t2-velocity-3x", "t2"))).Ok("createTarget");

        var progress = (await App.Leo().ProgressAsync("t2-velocity-3x", "TEAM_IMPROVEMENT")).Ok("targetProgress");

        Assert.Equal(("ACHIEVED", Round(Round(7.0 / 6) / Round(2.0 / 6))), (progress["status"]!.GetValue<string>(), progress.Number("ratioToBaseline")));
        var warning = Assert.Single(progress["warnings"]!.AsArray())!;
        Assert.Equal(("GUARDRAIL_WORSENED", "change_failure_rate"), (warning["kind"]!.GetValue<string>(), warning["guardrail"]!.GetValue<string>()));
        Assert.Contains("Goodhart", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var cfr = progress["guardrails"]!.AsArray().Single(g => g!["metric"]!.GetValue<string>() == "change_failure_rate")!;
        Assert.Equal((0.0, Round(2.0 / 7), true), (cfr["baseline"].Number("value"), cfr["current"].Number("value"), cfr["worsened"]!.GetValue<bool>()));
        Assert.Null(cfr["change"]); // from a baseline of 0 there is no relative change; any rise counts
        Assert.Null(progress["rollup"]);
        Assert.Equal("A team target has no roll-up.", progress["rollupNote"]!.GetValue<string>());
    }

    [Fact]
    public async Task TriplingVelocityWithStableQualityCarriesNoWarning()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("t1-velocity-3x", "t1"))).Ok("createTarget");

        var progress = (await App.Leo().ProgressAsync("t1-velocity-3x", "TEAM_IMPROVEMENT")).Ok("targetProgress");

        Assert.Equal("ACHIEVED", progress["status"]!.GetValue<string>());
        Assert.Empty(progress["warnings"]!.AsArray());
        Assert.All(progress["guardrails"]!.AsArray(), g => Assert.False(g!["worsened"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AnOrgsRollupCountsItsTeamsAgainstTheirOwnBaselines()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("rollup-fast", "org-fast"))).Ok("createTarget");

        var rollup = (await App.Leo().ProgressAsync("rollup-fast")).Ok("targetProgress")["rollup"]!;

        // t1, t2 (with its change failure rate warning) and t5 tripled; t3 and t4 did not; t6 and tiny are hidden.
        Assert.Equal((7, 5, 5, false), (rollup["teams"]!.GetValue<int>(), rollup["teamsWithValues"]!.GetValue<int>(), rollup["minTeams"]!.GetValue<int>(), rollup["suppressed"]!.GetValue<bool>()));
        Assert.Equal((3, 0.6, 3, 1, 0.2), (rollup["teamsMeetingGoal"]!.GetValue<int>(), rollup["shareMeetingGoal"]!.GetValue<double>(), rollup["teamsOnTrack"]!.GetValue<int>(),
            rollup["teamsMeetingGoalWithWarning"]!.GetValue<int>(), rollup["shareMeetingGoalWithWarning"]!.GetValue<double>()));
    }

    [Fact]
    public async Task AnAdoptionTargetHasNoTeamRollup()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("fast-adoption-progress", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.8))).Ok("createTarget");
        (await App.Priya().TargetStepAsync("approveTarget", "fast-adoption-progress")).Ok("approveTarget");

        var progress = (await App.Ana().ProgressAsync("fast-adoption-progress")).Ok("targetProgress");

        Assert.Null(progress["rollup"]);
        Assert.Contains("team-level usage targets", progress["rollupNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((Round(12.0 / 38), Round(30.0 / 38), 0.8), (progress["baseline"].Number("value"), progress["current"].Number("value"), progress.Number("goalValue")));
        Assert.Equal(["change_failure_rate", Velocity], progress["guardrails"]!.AsArray().Select(g => g!["metric"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EachProgressReadIsOneAuditEntryWrittenBeforeTheResponse()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("audited-fast", "org-fast"))).Ok("createTarget");

        var response = await App.ClientAs("leo", "Leo Audited", "Leader").ProgressAsync("audited-fast");

        response.Ok("targetProgress");
        var entry = Assert.Single(await App.AuditOfAsync("Leo Audited"))!;
        Assert.Equal(("READ_TARGET_PROGRESS", "PORTFOLIO_REPORTING"), (entry["action"]!.GetValue<string>(), entry["purpose"]!.GetValue<string>()));
        Assert.Equal([Velocity, "change_failure_rate", "median_lead_time"], entry["metrics"].Strings());
        Assert.Equal(["org-fast"], entry["scope"].Strings());
        // 12 weeks × (the org + its 7 teams) × (the metric + 2 guardrails), and the same in the cost.
        Assert.Equal(12 * 8 * 3, entry["pointsServed"]!.GetValue<int>() + entry["pointsSuppressed"]!.GetValue<int>());
        Assert.Equal("PARTIALLY_SUPPRESSED", entry["decision"]!.GetValue<string>());
        Assert.Equal(12 * 8 * 3 + 1000, response.Body["extensions"]!["cost"]!["points"]!.GetValue<long>());
    }
}

public sealed class TargetProgressTestsOnSqlite(TargetAppOnSqlite app) : TargetProgressTests(app), IClassFixture<TargetAppOnSqlite>;

public sealed class TargetProgressTestsOnPostgreSql(TargetAppOnPostgreSql app) : TargetProgressTests(app), IClassFixture<TargetAppOnPostgreSql>;
