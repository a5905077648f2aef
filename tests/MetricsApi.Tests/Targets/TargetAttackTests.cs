using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;

namespace MetricsApi.Tests.Targets;

/// <summary>
/// An Analyst or a Leader who sets targets where they like, with baselines of their choosing, and reads
/// progress and roll-ups to learn what the releases hide. Every figure progress shows must be a mean of
/// values <c>metricValues</c> shows the same caller; a hidden cell never enters one; a roll-up over
/// fewer than k teams says nothing; and the purpose, role and scope rules hold as for any read.
/// </summary>
public abstract class TargetAttackTests(TargetApp app)
{
    private const string Velocity = "deployments_per_engineer_weekly";

    private MetricsApiFactory App => app.Factory;

    private static double? Mean(IEnumerable<ValuePoint> points) =>
        points.Where(p => !p.Suppressed && p.Value is not null).Select(p => p.Value!.Value).ToList() is { Count: > 0 } values
            ? Math.Round(values.Average(), 6, MidpointRounding.AwayFromZero)
            : null;

    /// <summary>Every number of a progress result that is about values (not dates or counts of periods).</summary>
    private static IEnumerable<double> Numbers(JsonNode progress)
    {
        IEnumerable<JsonNode?> windows = [progress["baseline"], progress["current"], .. progress["guardrails"]!.AsArray().SelectMany(g => new[] { g!["baseline"], g["current"] })];
        foreach (var value in windows.Select(w => w?["value"]).Concat([progress["ratioToBaseline"], progress["goalValue"], progress["trajectory"]?["expectedValue"]]))
        {
            if (value is not null)
            {
                yield return value.GetValue<double>();
            }
        }
    }

    [Theory]
    [InlineData("tiny", "BELOW_MIN_GROUP_SIZE")]
    [InlineData("t6", "COMPLEMENTARY")]
    public async Task AUnitWhoseCellsAreHiddenShowsNoProgressFigureAtAll(string team, string reason)
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("attack-" + team, team))).Ok("createTarget");

        var progress = (await App.Ana().ProgressAsync("attack-" + team)).Ok("targetProgress");

        Assert.Empty(Numbers(progress));
        Assert.Equal(("UNKNOWN", true, reason), (progress["status"]!.GetValue<string>(), progress["baseline"]!["suppressed"]!.GetValue<bool>(), progress["baseline"]!["suppressionReason"]!.GetValue<string>()));
        Assert.True(progress["current"]!["suppressed"]!.GetValue<bool>());
        Assert.Null(progress["onTrack"]);
        Assert.Null(progress["trajectory"]);
        Assert.All(progress["points"]!.AsArray(), p => Assert.Null(p!["value"]));
        Assert.All(progress["guardrails"]!.AsArray(), g => Assert.Null(g!["worsened"]));
    }

    [Fact]
    public async Task NoBaselineOrWindowAnAttackerChoosesShowsMoreThanMetricValues()
    {
        var ana = App.Ana();
        string[] units = ["acme", "org-fast", "org-slow", "t1", "t2", "t3", "t4", "t5", "t6", "tiny", "s1", "s2"];
        (string From, string To)[] baselines =
        [
            (TargetData.Iso(TargetData.Week(0)), TargetData.Iso(TargetData.Week(0).AddDays(6))),
            (TargetData.Iso(TargetData.Week(1)), TargetData.Iso(TargetData.Week(2).AddDays(6))),
            (TargetData.Iso(TargetData.Week(3)), TargetData.Iso(TargetData.Week(3).AddDays(6))),
            (TargetData.Iso(TargetData.Week(4)), TargetData.Iso(TargetData.Week(9).AddDays(6))),
        ];
        foreach (var unit in units)
        {
            var level = unit switch { "acme" => "COMPANY", "org-fast" or "org-slow" => "ORG", _ => "TEAM" };
            var served = new Dictionary<string, IReadOnlyList<ValuePoint>>(StringComparer.Ordinal);
            foreach (var metric in new[] { Velocity, "change_failure_rate", "median_lead_time" })
            {
                var response = await ana.MetricValuesAsync(new ValuesRequest(metric, "PORTFOLIO_REPORTING", "WEEK", TargetData.BaselineFrom, TargetData.LastDay, unit, level));
                served[metric] = [.. response.Series().Points().Where(p => p.GroupId == unit)];
            }

            for (var b = 0; b < baselines.Length; b++)
            {
                var key = $"probe-{unit}-{b}";
                (await ana.CreateTargetAsync(TargetClient.Input(key, unit, from: baselines[b].From, to: baselines[b].To))).Ok("createTarget");
                var progress = (await ana.ProgressAsync(key)).Ok("targetProgress");

                bool InWindow(ValuePoint p, JsonNode window) =>
                    string.CompareOrdinal(p.PeriodStart, window["from"]!.GetValue<string>()) >= 0 && string.CompareOrdinal(p.PeriodStart, window["to"]!.GetValue<string>()) <= 0;
                foreach (var (metric, windows) in new[] { (Velocity, progress) }.Concat(progress["guardrails"]!.AsArray().Select(g => (g!["metric"]!.GetValue<string>(), (JsonNode)g))))
                {
                    foreach (var name in new[] { "baseline", "current" })
                    {
                        var window = windows[name]!;
                        Assert.True(Mean(served[metric].Where(p => InWindow(p, window))) == window["value"]?.GetValue<double>(),
                            $"{key} {metric} {name}: {window.ToJsonString()} is not the mean of the visible points {string.Join(", ", served[metric].Where(p => InWindow(p, window)).Select(p => p.Value))}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task ARollupOverFewerThanKTeamsSaysNothing()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("attack-slow-rollup", "org-slow"))).Ok("createTarget");

        var progress = (await App.Ana().ProgressAsync("attack-slow-rollup")).Ok("targetProgress");
        var rollup = progress["rollup"]!;

        Assert.Equal((2, 2, 5, true, "BELOW_MIN_GROUP_SIZE"), (rollup["teams"]!.GetValue<int>(), rollup["teamsWithValues"]!.GetValue<int>(), rollup["minTeams"]!.GetValue<int>(),
            rollup["suppressed"]!.GetValue<bool>(), rollup["suppressionReason"]!.GetValue<string>()));
        foreach (var field in new[] { "teamsMeetingGoal", "shareMeetingGoal", "teamsOnTrack", "shareOnTrack", "teamsMeetingGoalWithWarning", "shareMeetingGoalWithWarning" })
        {
            Assert.Null(rollup[field]);
        }

        Assert.Contains("fewer than 5", progress["rollupNote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARollupCountsOnlyTeamsWhoseValuesTheReleaseShows()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("attack-company-rollup", "acme", multiple: 1))).Ok("createTarget");
        var teams = await App.Ana().MetricValuesAsync(new ValuesRequest(Velocity, "PORTFOLIO_REPORTING", "WEEK", TargetData.BaselineFrom, TargetData.LastDay, "acme", "TEAM"));

        var rollup = (await App.Ana().ProgressAsync("attack-company-rollup")).Ok("targetProgress")["rollup"]!;

        var visible = teams.Series().Points().GroupBy(p => p.GroupId)
            .Count(g => Mean(g.Take(TargetData.BaselineWeeks)) is not null && Mean(g.TakeLast(TargetData.BaselineWeeks)) is not null);
        Assert.Equal((9, visible, 7), (rollup["teams"]!.GetValue<int>(), rollup["teamsWithValues"]!.GetValue<int>(), visible));
        // Goal 1× (hold the baseline): every counted team but those that slowed down meets it.
        Assert.Equal(7, rollup["teamsMeetingGoal"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEngineerReadsTheTeamsTargetOnlyForAPurposeTheirRoleMayDeclare()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("erin-team", "t1"))).Ok("createTarget");
        (await App.Ana().CreateTargetAsync(TargetClient.Input("erin-org", "org-fast"))).Ok("createTarget");
        var erin = App.ClientAs("erin", "Erin Attacker", "Engineer");

        var improvement = await erin.ProgressAsync("erin-team", "TEAM_IMPROVEMENT");
        var portfolio = await erin.ProgressAsync("erin-team", "PORTFOLIO_REPORTING");
        var org = await erin.ProgressAsync("erin-org", "TEAM_IMPROVEMENT");

        improvement.Ok("targetProgress");
        portfolio.Refused("PURPOSE_NOT_ALLOWED", "purpose");
        org.Refused("NOT_FOUND", "target");
        var denied = Assert.Single(await App.AuditOfAsync("Erin Attacker", "DENIED"))!;
        Assert.Equal(["ROLE_PURPOSE_NOT_ALLOWED"], denied["ruleCodes"].Strings());
    }

    [Fact]
    public async Task AdoptionProgressIsNeverReadForPerformanceReview()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("attack-adoption-review", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.9))).Ok("createTarget");
        (await App.Priya().TargetStepAsync("approveTarget", "attack-adoption-review")).Ok("approveTarget");

        var error = (await App.Leo().ProgressAsync("attack-adoption-review", "PERFORMANCE_REVIEW")).Refused("PURPOSE_NOT_ALLOWED", "purpose");

        Assert.Contains("invariant 1", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeaderCannotReachAnotherOrgsTargetThroughProgress()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("attack-other-org", "org-slow"))).Ok("createTarget");

        var unknown = await App.Leo().ProgressAsync("attack-no-such-target");
        var other = await App.Leo().ProgressAsync("attack-other-org");

        Assert.Equal(unknown.Refused("NOT_FOUND", "target")["message"]!.GetValue<string>().Replace("attack-no-such-target", "K", StringComparison.Ordinal),
            other.Refused("NOT_FOUND", "target")["message"]!.GetValue<string>().Replace("attack-other-org", "K", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TargetsCannotBeOrderedByProgress()
    {
        var type = await App.Ana().PostGraphQLAsync("{ __schema { queryType { fields { name args { name } } } } }");

        var targets = type.Data!["__schema"]!["queryType"]!["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "targets")!;
        Assert.Equal(["after", "first", "where"], targets["args"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}

public sealed class TargetAttackTestsOnSqlite(TargetAppOnSqlite app) : TargetAttackTests(app), IClassFixture<TargetAppOnSqlite>;

public sealed class TargetAttackTestsOnPostgreSql(TargetAppOnPostgreSql app) : TargetAttackTests(app), IClassFixture<TargetAppOnPostgreSql>;
