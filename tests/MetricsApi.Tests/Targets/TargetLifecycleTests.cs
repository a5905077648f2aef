using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;

namespace MetricsApi.Tests.Targets;

/// <summary>
/// Setting, revising, approving and retiring targets: who may, on which metrics and units (invariant 5
/// and PRODUCT.md §8b), and that every step and every refusal is in the audit log.
/// </summary>
public abstract class TargetLifecycleTests(TargetApp app)
{
    private MetricsApiFactory App => app.Factory;

    [Fact]
    public async Task LeaderSetsAnOutcomeTargetForTheOrgHeLeadsAndItIsInForceAtOnce()
    {
        var leo = App.ClientAs("leo", "Leo Lifecycle", "Leader");

        var created = (await leo.CreateTargetAsync(TargetClient.Input("fast-velocity-3x", "org-fast"))).Ok("createTarget");

        Assert.Equal("ACTIVE", created["status"]!.GetValue<string>());
        Assert.Equal(1, created["version"]!.GetValue<int>());
        Assert.Equal("org-fast", created["unit"]!["id"]!.GetValue<string>());
        Assert.Equal("MULTIPLE_OF_BASELINE", created["goal"]!["kind"]!.GetValue<string>());
        Assert.Equal(3, created["goal"]!["value"]!.GetValue<double>());
        Assert.Equal(("2026-01-05", "2026-02-01", 4), (created["baseline"]!["from"]!.GetValue<string>(), created["baseline"]!["to"]!.GetValue<string>(), created["baseline"]!["periods"]!.GetValue<int>()));
        var entry = Assert.Single(await App.AuditOfAsync("Leo Lifecycle", "TARGET_CHANGE"))!;
        Assert.Equal(["CREATED"], entry["ruleCodes"].Strings());
        Assert.Equal(["org-fast"], entry["scope"].Strings());
        Assert.StartsWith("target fast-velocity-3x v1 CREATED", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("total_tokens", "INVARIANT_ACTIVITY_NEVER_TARGETED", "invariant 5")]
    [InlineData("value_events_per_active_user", "INVARIANT_ACTIVITY_NEVER_TARGETED", "tokenmaxxing")]
    [InlineData("engineer_nps_per_tool", "SENTIMENT_NOT_TARGETED", "SENTIMENT")]
    public async Task ActivityAndSentimentMetricsNeverCarryTargetsAndTheRefusalIsAudited(string metric, string rule, string why)
    {
        var ana = App.ClientAs("ana", "Ana " + metric, "Analyst");

        var error = (await ana.CreateTargetAsync(TargetClient.Input("t-" + metric.Replace('_', '-'), "org-fast", metric, multiple: null, value: 1000))).Refused("BAD_USER_INPUT", "metric");

        Assert.Equal(rule, error["extensions"]!["rule"]!.GetValue<string>());
        Assert.Contains(why, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var denial = Assert.Single(await App.AuditOfAsync("Ana " + metric, "DENIED"))!;
        Assert.Equal([rule], denial["ruleCodes"].Strings());
        Assert.Equal([metric], denial["metrics"].Strings());
        (await ana.TargetAsync("t-" + metric.Replace('_', '-'))).Refused("NOT_FOUND");
    }

    [Fact]
    public async Task AdoptionTargetsAreNeverSetForASingleTeam()
    {
        var error = (await App.Ana().CreateTargetAsync(TargetClient.Input("t1-adoption", "t1", "weekly_active_ai_users", multiple: null, value: 0.8))).Refused("BAD_USER_INPUT", "unit");

        Assert.Equal("INVARIANT_ADOPTION_TARGETS_NOT_FOR_TEAMS", error["extensions"]!["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdoptionTargetsNeedAUnitOfEnoughTeams()
    {
        // org-slow has 2 teams; Targets:MinTeamsForAdoptionTargets is 5 by default.
        var error = (await App.Ana().CreateTargetAsync(TargetClient.Input("slow-adoption", "org-slow", "weekly_active_ai_users", multiple: null, value: 0.8))).Refused("BAD_USER_INPUT", "unit");

        Assert.Equal("ADOPTION_TARGET_UNIT_TOO_SMALL", error["extensions"]!["rule"]!.GetValue<string>());
        Assert.Contains("at least 5 teams", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdoptionTargetIsInForceOnlyOnceAPrivacyOfficerOtherThanItsAuthorApprovesIt()
    {
        var input = TargetClient.Input("fast-ai-weekly-80", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.8);
        var author = App.ClientFor("pat", "Analyst", "PrivacyOfficer");

        var created = (await author.CreateTargetAsync(input)).Ok("createTarget");
        var early = await App.Ana().ProgressAsync("fast-ai-weekly-80", "TOOL_EVALUATION");
        var self = await author.TargetStepAsync("approveTarget", "fast-ai-weekly-80");
        var approved = (await App.Priya().TargetStepAsync("approveTarget", "fast-ai-weekly-80", ", comment: \"org of 7 teams\"")).Ok("approveTarget");
        var progress = await App.Ana().ProgressAsync("fast-ai-weekly-80", "TOOL_EVALUATION");

        Assert.Equal("PENDING_APPROVAL", created["status"]!.GetValue<string>());
        early.Refused("APPROVAL_MISSING", "target");
        self.Refused("SELF_APPROVAL_NOT_ALLOWED");
        Assert.Equal(("ACTIVE", "priya", "org of 7 teams"), (approved["status"]!.GetValue<string>(), approved["approverName"]!.GetValue<string>(), approved["approvalComment"]!.GetValue<string>()));
        Assert.Equal(1, progress.Ok("targetProgress")["target"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARejectedAdoptionTargetHasNoVersionInForce()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("fast-ai-rejected", "org-fast", "weekly_active_ai_users", multiple: null, value: 1))).Ok("createTarget");

        var noReason = await App.Priya().TargetStepAsync("rejectTarget", "fast-ai-rejected", ", reason: \" \"");
        var rejected = (await App.Priya().TargetStepAsync("rejectTarget", "fast-ai-rejected", ", reason: \"100 % presses on every last person\"")).Ok("rejectTarget");
        var target = (await App.Ana().TargetAsync("fast-ai-rejected")).Ok("target");

        noReason.Refused("BAD_USER_INPUT", "reason");
        Assert.Equal(("REJECTED", "100 % presses on every last person"), (rejected["status"]!.GetValue<string>(), rejected["rejectionReason"]!.GetValue<string>()));
        Assert.Null(target["current"]);
        Assert.Equal("REJECTED", target["status"]!.GetValue<string>());
        (await App.Ana().ProgressAsync("fast-ai-rejected")).Refused("BAD_USER_INPUT", "target");
    }

    [Fact]
    public async Task LeadersSetTargetsOnlyWithinTheOrgsTheyLeadAndUnknownUnitsGetTheSameAnswer()
    {
        var leo = App.ClientAs("leo", "Leo Scope", "Leader");

        var sibling = (await leo.CreateTargetAsync(TargetClient.Input("slow-by-leo", "org-slow"))).Refused("OUT_OF_SCOPE", "unit");
        var company = (await leo.CreateTargetAsync(TargetClient.Input("acme-by-leo", "acme"))).Refused("OUT_OF_SCOPE", "unit");
        var unknown = (await leo.CreateTargetAsync(TargetClient.Input("ghost-by-leo", "org-ghost"))).Refused("OUT_OF_SCOPE", "unit");
        var ownTeam = (await leo.CreateTargetAsync(TargetClient.Input("t2-by-leo", "t2"))).Ok("createTarget");

        Assert.Equal(sibling["message"]!.GetValue<string>(), unknown["message"]!.GetValue<string>());
        Assert.Equal(sibling["message"]!.GetValue<string>(), company["message"]!.GetValue<string>());
        Assert.Equal("ACTIVE", ownTeam["status"]!.GetValue<string>());
        Assert.Equal(3, (await App.AuditOfAsync("Leo Scope", "DENIED")).Count);
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("Manager")]
    [InlineData("Auditor")]
    [InlineData("MetricSteward")]
    [InlineData("PrivacyOfficer")]
    public async Task OnlyLeadersAndAnalystsSetTargets(string role)
    {
        var response = await App.ClientFor("someone", role).CreateTargetAsync(TargetClient.Input("by-" + role.ToLowerInvariant(), "t1"));

        response.Refused("FORBIDDEN");
    }

    [Fact]
    public async Task ARevisionIsTheNextVersionWithAReasonAndIsAudited()
    {
        var ana = App.ClientAs("ana", "Ana Revises", "Analyst");
        (await ana.CreateTargetAsync(TargetClient.Input("acme-velocity", "acme"))).Ok("createTarget");

        var withoutReason = await ana.ReviseTargetAsync(TargetClient.Input("acme-velocity", "acme", multiple: 2));
        var revised = (await ana.ReviseTargetAsync(TargetClient.Input("acme-velocity", "acme", multiple: 2, reason: "Three times was not credible for platform teams."))).Ok("reviseTarget");
        var target = (await ana.TargetAsync("acme-velocity")).Ok("target");

        withoutReason.Refused("BAD_USER_INPUT", "reason");
        Assert.Equal((2, "ACTIVE", 2.0), (revised["version"]!.GetValue<int>(), revised["status"]!.GetValue<string>(), revised["goal"]!["value"]!.GetValue<double>()));
        Assert.Equal(2, target["current"]!["version"]!.GetValue<int>());
        Assert.Equal([1, 2], target["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(3.0, target["versions"]![0]!["goal"]!["value"]!.GetValue<double>());
        var changes = await App.AuditOfAsync("Ana Revises", "TARGET_CHANGE");
        Assert.Equal(["REVISED", "CREATED"], changes.Select(e => e!["ruleCodes"].Strings().Single()));
        Assert.Contains("Three times was not credible", changes[0]!["target"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdoptionRevisionAwaitsApprovalWhileTheApprovedVersionStaysInForce()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("fast-ai-revised", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.6))).Ok("createTarget");
        (await App.Priya().TargetStepAsync("approveTarget", "fast-ai-revised")).Ok("approveTarget");

        var revised = (await App.Ana().ReviseTargetAsync(TargetClient.Input("fast-ai-revised", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.9, reason: "Stretch."))).Ok("reviseTarget");
        var again = await App.Ana().ReviseTargetAsync(TargetClient.Input("fast-ai-revised", "org-fast", "weekly_active_ai_users", multiple: null, value: 0.95, reason: "More."));
        var target = (await App.Ana().TargetAsync("fast-ai-revised")).Ok("target");
        var progress = (await App.Ana().ProgressAsync("fast-ai-revised", "TOOL_EVALUATION")).Ok("targetProgress");

        Assert.Equal("PENDING_APPROVAL", revised["status"]!.GetValue<string>());
        again.Refused("INVALID_TRANSITION");
        Assert.Equal((1, 2), (target["current"]!["version"]!.GetValue<int>(), target["latest"]!["version"]!.GetValue<int>()));
        Assert.Equal(1, progress["target"]!["version"]!.GetValue<int>());
        Assert.Equal(0.6, progress["goalValue"]!.GetValue<double>());
    }

    [Fact]
    public async Task ARetiredTargetIsFinalAndHasNoProgress()
    {
        var leo = App.Leo();
        (await leo.CreateTargetAsync(TargetClient.Input("t1-retired", "t1"))).Ok("createTarget");

        var retired = (await leo.TargetStepAsync("retireTarget", "t1-retired", ", reason: \"Team merged.\"")).Ok("retireTarget");
        var revise = await leo.ReviseTargetAsync(TargetClient.Input("t1-retired", "t1", reason: "Back."));

        Assert.Equal((2, "RETIRED"), (retired["version"]!.GetValue<int>(), retired["status"]!.GetValue<string>()));
        revise.Refused("INVALID_TRANSITION");
        (await leo.ProgressAsync("t1-retired")).Refused("BAD_USER_INPUT", "target");
    }

    [Fact]
    public async Task EveryInputProblemIsReportedWithItsField()
    {
        var input = TargetClient.Input("Bad Key!", "org-fast", grain: "MONTH", deadline: "2025-12-01");
        input["goal"] = new JsonObject { ["value"] = 1, ["multipleOfBaseline"] = 2 };
        input["description"] = " ";

        var error = (await App.Ana().CreateTargetAsync(input)).Refused("BAD_USER_INPUT", "key");
        var fields = error["extensions"]!["problems"]!.AsArray().Select(p => p!["field"]!.GetValue<string>()).ToList();

        Assert.Equal(["key", "description", "goal", "baseline.grain"], fields);
        var notEnded = (await App.Ana().CreateTargetAsync(TargetClient.Input("not-ended", "org-fast", from: "2026-01-05", to: DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))).Refused("BAD_USER_INPUT", "baseline.to");
        Assert.Contains("ended", notEnded["message"]!.GetValue<string>(), StringComparison.Ordinal);
        (await App.Ana().CreateTargetAsync(TargetClient.Input("early-deadline", "org-fast", deadline: "2026-01-20"))).Refused("BAD_USER_INPUT", "deadline");
        (await App.Ana().CreateTargetAsync(TargetClient.Input("no-such-metric", "org-fast", metric: "velocity"))).Refused("NOT_FOUND", "metric");
    }

    [Fact]
    public async Task AKeyIsTakenOnce()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("taken", "org-slow"))).Ok("createTarget");

        (await App.Ana().CreateTargetAsync(TargetClient.Input("taken", "org-slow"))).Refused("BAD_USER_INPUT", "key");
    }

    [Fact]
    public async Task TargetsAreVisibleToWhoeverMayReadTheirUnit()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("visible-t1", "t1"))).Ok("createTarget");
        (await App.Ana().CreateTargetAsync(TargetClient.Input("visible-slow", "org-slow"))).Ok("createTarget");

        static async Task<List<string>> KeysAsync(HttpClient client)
        {
            var response = await client.PostGraphQLAsync("{ targets(first: 200) { totalCount nodes { key } } }");
            return [.. response.Ok("targets")["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>())];
        }

        var erin = await KeysAsync(App.ClientFor("erin", "Engineer"));
        var leo = await KeysAsync(App.Leo());
        var auditor = await KeysAsync(App.ClientFor("audrey", "Auditor"));

        Assert.Contains("visible-t1", erin);
        Assert.DoesNotContain("visible-slow", erin);
        Assert.Contains("visible-t1", leo);
        Assert.DoesNotContain("visible-slow", leo);
        Assert.Contains("visible-slow", auditor);
        Assert.Equal(auditor.Order(StringComparer.Ordinal), auditor);
        (await App.ClientFor("erin", "Engineer").TargetAsync("visible-slow")).Refused("NOT_FOUND");
    }
}

public sealed class TargetLifecycleTestsOnSqlite(TargetAppOnSqlite app) : TargetLifecycleTests(app), IClassFixture<TargetAppOnSqlite>;

public sealed class TargetLifecycleTestsOnPostgreSql(TargetAppOnPostgreSql app) : TargetLifecycleTests(app), IClassFixture<TargetAppOnPostgreSql>;
