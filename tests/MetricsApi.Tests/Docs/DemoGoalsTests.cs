using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Export;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Docs;

/// <summary>
/// The issue's "done when", on the Development server's demo organisation: an Analyst sets the seeds'
/// four goals through GraphQL (3× and 10× release velocity, 80 % AI-native teams, 80 % weekly AI
/// users), a PrivacyOfficer approves the two ADOPTION ones, and their progress — with guardrails,
/// warnings and roll-ups — reads the same through GraphQL and the CSV export. Usage targets on a team
/// and ACTIVITY targets are refused on the same organisation.
/// </summary>
[Collection(DemoServerGroup.Name)]
public sealed class DemoGoalsTests(DemoServer demo)
{
    private const string Velocity = "deployments_per_engineer_weekly";

    private const string Progress = "groupId status direction ratioToBaseline goalValue baseline { value } current { value } trajectory { expectedValue } " +
        "guardrails { metric baseline { value } current { value } worsened } warnings { kind guardrail message } " +
        "rollup { teams teamsWithValues teamsMeetingGoal teamsOnTrack teamsMeetingGoalWithWarning suppressed } rollupNote";

    private static readonly DateOnly Monday = ThisMonday();

    private static DateOnly ThisMonday()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(JsonNode? node) => node is null ? "" : node.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A goal on the demo telemetry's first four weeks, due eight weeks from now.</summary>
    private static object Input(string key, string unit, string metric, double? multiple, double? value) => new
    {
        key,
        metric,
        unit,
        baseline = new { grain = "WEEK", from = Day(Monday.AddDays(-7 * 26)), to = Day(Monday.AddDays((-7 * 22) - 1)) },
        goal = multiple is null ? (object)new { value } : new { multipleOfBaseline = multiple },
        deadline = Day(Monday.AddDays(7 * 8)),
        owner = "CTO office",
        description = "One of the four goals the product was asked for.",
    };

    private static Task<GraphQLResponse> CreateAsync(HttpClient client, object input) =>
        client.PostGraphQLAsync("mutation($input: TargetInput!) { createTarget(input: $input) { key status } }", new { input });

    [Fact]
    public async Task TheFourGoalsAreSetAndTheirProgressReadsTheSameThroughGraphQLAndCsv()
    {
        var ana = demo.As("ana", "Analyst");
        var priya = demo.As("priya", "PrivacyOfficer");
        string[] keys = ["goals-velocity-3x", "goals-velocity-10x", "goals-ai-native-80", "goals-ai-weekly-80"];
        Assert.Equal("ACTIVE", (await CreateAsync(ana, Input(keys[0], "acme", Velocity, 3, null))).Data("createTarget")["status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await CreateAsync(ana, Input(keys[1], "acme", Velocity, 10, null))).Data("createTarget")["status"]!.GetValue<string>());
        Assert.Equal("PENDING_APPROVAL", (await CreateAsync(ana, Input(keys[2], "acme", "ai_native_team_rate", null, 0.8))).Data("createTarget")["status"]!.GetValue<string>());
        Assert.Equal("PENDING_APPROVAL", (await CreateAsync(ana, Input(keys[3], "acme", "weekly_active_ai_users", null, 0.8))).Data("createTarget")["status"]!.GetValue<string>());
        foreach (var key in keys[2..])
        {
            (await priya.PostGraphQLAsync($"mutation {{ approveTarget(key: \"{key}\", comment: \"Company-wide.\") {{ status }} }}")).Data("approveTarget");
        }

        var graphql = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            graphql[key] = (await ana.PostGraphQLAsync($"{{ targetProgress(target: \"{key}\", purpose: PORTFOLIO_REPORTING) {{ {Progress} }} }}")).Data("targetProgress");
        }

        var csv = await ana.GetCsvAsync("/export/target-progress.csv", [("purpose", "PORTFOLIO_REPORTING"), .. keys.Select(k => ("target", k))]);

        var (_, rows) = csv.Parse();
        Assert.Equal(keys, rows.Select(r => r["target_key"]).Distinct());
        foreach (var key in keys)
        {
            var progress = graphql[key];
            var mine = rows.Where(r => r["target_key"] == key).ToList();
            var target = Assert.Single(mine, r => r["row_type"] == "TARGET");
            Assert.Equal(
                (Number(progress["baseline"]!["value"]), Number(progress["current"]!["value"]), Number(progress["ratioToBaseline"]), Number(progress["goalValue"]), progress["status"]!.GetValue<string>(), "acme"),
                (target["baseline_value"], target["current_value"], target["ratio_to_baseline"], target["goal_value"], target["status"], target["group_id"]));
            Assert.NotEqual("", target["current_value"]);
            Assert.Equal(string.Join(" | ", progress["warnings"]!.AsArray().Select(w => w!["message"]!.GetValue<string>())), target["warning"]);

            // Never the target alone: each guardrail is beside it, with the same figures.
            var guardrails = progress["guardrails"]!.AsArray();
            Assert.NotEmpty(guardrails);
            Assert.Equal(guardrails.Select(g => g!["metric"]!.GetValue<string>()), mine.Where(r => r["row_type"] == "GUARDRAIL").Select(r => r["metric_key"]));
            foreach (var guardrail in guardrails)
            {
                var row = mine.Single(r => r["row_type"] == "GUARDRAIL" && r["metric_key"] == guardrail!["metric"]!.GetValue<string>());
                Assert.Equal((Number(guardrail!["baseline"]!["value"]), Number(guardrail["current"]!["value"]), guardrail["worsened"]?.GetValue<bool>() switch { true => "true", false => "false", null => "" }),
                    (row["baseline_value"], row["current_value"], row["worsened"]));
            }

            var rollup = progress["rollup"];
            if (rollup is null)
            {
                Assert.DoesNotContain(mine, r => r["row_type"] == "ROLLUP");
                Assert.Contains("team-level usage targets", progress["rollupNote"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            else
            {
                var row = Assert.Single(mine, r => r["row_type"] == "ROLLUP");
                Assert.False(rollup["suppressed"]!.GetValue<bool>());
                Assert.Equal((rollup["teams"]!.ToString(), rollup["teamsWithValues"]!.ToString(), rollup["teamsMeetingGoal"]!.ToString(), rollup["teamsMeetingGoalWithWarning"]!.ToString()),
                    (row["teams"], row["teams_with_values"], row["teams_meeting_goal"], row["teams_meeting_goal_with_warning"]));
            }
        }

        // The velocity goals roll up over the company's teams (the 10× one counts the teams at tenfold of their own baseline);
        // the adoption goals do not, and are read with their delivery guardrail.
        Assert.True(graphql[keys[0]]["rollup"]!["teamsMeetingGoal"]!.GetValue<int>() >= 3, graphql[keys[0]].ToJsonString());
        Assert.True(graphql[keys[0]]["rollup"]!["teamsMeetingGoalWithWarning"]!.GetValue<int>() >= 1, graphql[keys[0]].ToJsonString());
        Assert.Equal(10.0, graphql[keys[1]]["goalValue"]!.GetValue<double>() / graphql[keys[1]]["baseline"]!["value"]!.GetValue<double>(), 3);
        Assert.Equal(0.8, graphql[keys[3]]["goalValue"]!.GetValue<double>());
        Assert.Equal([Velocity], graphql[keys[2]]["guardrails"]!.AsArray().Select(g => g!["metric"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("weekly_active_ai_users", "team-0001", "unit", "INVARIANT_ADOPTION_TARGETS_NOT_FOR_TEAMS")]
    [InlineData("ai_native_team_rate", "org-001", "unit", "ADOPTION_TARGET_UNIT_TOO_SMALL")]
    [InlineData("total_tokens", "acme", "metric", "INVARIANT_ACTIVITY_NEVER_TARGETED")]
    [InlineData("tokens_per_active_user", "team-0003", "metric", "INVARIANT_ACTIVITY_NEVER_TARGETED")]
    public async Task UsageTargetsAreRefusedOnTheDemoOrganisationSayingWhy(string metric, string unit, string field, string rule)
    {
        var response = await CreateAsync(demo.As("ana", "Analyst"), Input($"goals-refused-{metric.Replace('_', '-')}-{unit}", unit, metric, null, 0.8));

        var error = Assert.Single(response.Errors)!;
        Assert.Equal(("BAD_USER_INPUT", field, rule), (response.FirstCode, error["extensions"]!["field"]!.GetValue<string>(), error["extensions"]!["rule"]!.GetValue<string>()));
        Assert.Null(response.Data?["createTarget"]);
    }
}
