using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Red-team attacks on governed reads: each test plays an attacker holding an ordinary token (or, where
/// said, a steward who can publish metrics) and FAILS when the attack recovers a value the product
/// promises to keep hidden (one person's usage, or a suppressed cell), comparing it with the truth.
/// </summary>
public abstract class RedTeamTests(EvaluationApp app)
{
    private const string Week1 = "2026-03-02";
    private const string Week1End = "2026-03-08";
    private const string Week2 = "2026-03-09";
    private const string Week2End = "2026-03-15";

    private HttpClient Ana => app.Factory.ClientFor("ana", "Analyst");

    // ---------------------------------------------------------------------------------------------
    // 1. An empty cell hidden for its headcount is no cover and no hidden member: its zero comes back.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // 2. The "never exactly one hidden member per additive set" rule is not enough for a 2-D table.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // 3. People counts do not add up when someone moves inside a period.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // 4. Raising k changes the complementary pattern: reads before and after combine.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // 5. "OUTCOME" is a label: a usage metric labelled OUTCOME skips the privacy officer and invariant 1.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task RedTeam_ToolUseOfATeamBelowKIsRecoveredAsZero()
    {
        // team-f has 4 people (below k = 5), so every one of its cells is BELOW_MIN_GROUP_SIZE. But a cell
        // with no events is "empty" and is neither counted as hidden nor protected by a complementary cell:
        // org-data's Kiro count minus team-d's and team-e's (both visible) gives team-f's hidden Kiro count.
        // It is 0: each of f1..f4 is shown not to have used Kiro in the week, a yes/no per person of a group
        // the product must not describe at all.
        var levels = new[] { "ORG", "TEAM" };
        var fields = levels.Select(l => new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", Week1, "2026-03-29", GroupBy: l, Dimension: "tool").Field(l.ToLowerInvariant()));

        var response = await Ana.PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");

        var points = levels.SelectMany(l => response.Series(l.ToLowerInvariant()).Points()).ToList();
        // What remains recoverable is zero under a visible zero: "nobody in org-data (at least k people) used
        // Kiro" says it of everyone in it, small team included. That is the accepted homogeneity of 0% and
        // 100% (docs/governed-reads.md); a small team's cells are no longer given back otherwise.
        var recovered = Solver.Recover(points, Solver.TreeEquations(points, EvaluationData.Parents, additiveAcrossDimension: false))
            .Where(r => r.Point.GroupId == "team-f" && !ZeroParent(points, r.Point)).ToList();
        // Ground truth: nobody in team-f ever used Kiro or Codex (EvaluationData.BuildUsage).
        var truth = EvaluationData.UsageEvents.Where(u => EvaluationData.TeamOf(u.Member) == "team-f" && u.Tool != "Claude Code").Select(u => u.Member).Distinct().Count();
        Assert.True(recovered.Count == 0,
            $"{recovered.Count} hidden cells of team-f (4 people) are recovered, e.g. {string.Join("; ", recovered.Take(4).Select(r => r.ToString()))} (true value {truth}).");
    }

    [Fact]
    public async Task RedTeam_OnePersonTeamsToolUseYesNoIsReadFromTheSuppressionPattern()
    {
        // acme > org-o > team-x (6), team-y (6), team-solo (1 person: sol). Everyone in x and y uses an AI tool
        // every week; sol uses one in week 1 only. Week 1: sol's cell is a hidden non-empty member, so a sibling
        // is hidden COMPLEMENTARY. Week 2: sol's cell is empty, so it is "no cover" and no sibling is hidden:
        // org-o − team-x − team-y = 0. Either way the reader learns sol's yes/no for the week.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("team-x", "org-o", Names("x", 6));
        org.Team("team-y", "org-o", Names("y", 6));
        org.Team("team-solo", "org-o", ["sol"]);
        foreach (var p in Names("x", 6).Concat(Names("y", 6)))
        {
            org.Use(p, "Claude Code", "2026-03-03T10:00:00Z", 100);
            org.Use(p, "Claude Code", "2026-03-10T10:00:00Z", 100);
        }

        org.Use("sol", "Claude Code", "2026-03-03T10:00:00Z", 100);
        await org.IngestAsync(custom);
        var truth = new Dictionary<string, bool> { [Week1] = true, [Week2] = false };

        var weeks = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", Week1, Week2End);
        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + weeks.Field("teams") + " " + (weeks with { GroupBy = "ORG" }).Field("orgs") + " }");

        var points = response.Series("teams").Points().Concat(response.Series("orgs").Points()).ToList();
        var solved = Solver.Recover(points, Solver.TreeEquations(points, org.Parents, additiveAcrossDimension: false)).ToDictionary(r => r.Point.Cell, r => r.Value);
        var inferred = new Dictionary<string, bool?>();
        foreach (var week in truth.Keys)
        {
            var sol = points.Single(p => p.GroupId == "team-solo" && p.PeriodStart == week);
            Assert.True(sol.Suppressed, response.ToString());
            // The attacker's rule: a recovered value is the answer; otherwise a COMPLEMENTARY sibling can only be
            // there to protect a hidden member with events, and sol's team is the only candidate.
            inferred[week] = solved.TryGetValue(sol.Cell, out var value) ? value > 0
                : points.Any(p => p.PeriodStart == week && p.GroupId is "team-x" or "team-y" && p.SuppressionReason == "COMPLEMENTARY") ? true : null;
        }

        Assert.False(truth.All(t => inferred[t.Key] == t.Value),
            $"sol's AI use per week is read off a team of one: inferred {string.Join(", ", inferred.Select(i => $"{i.Key}={i.Value}"))}, true {string.Join(", ", truth.Select(t => $"{t.Key}={t.Value}"))}.");
    }

    [Fact]
    public async Task RedTeam_ABridgeBetweenTwoHiddenRectanglesOfTheTeamByToolTableIsSolvable()
    {
        // acme > org-o > t1..t5 (6 people each); tools CC (everyone), Kiro, Codex, Pippin, MeshClaw.
        //            Kiro    Codex   Pippin   MeshClaw CC   total
        //   t1       2*      2*      -        -        6    6
        //   t2       2*      2*      1*       -        6    6
        //   t3       -       -       2*       2*       6    6
        //   t4       -       -       2*       2*       6    6
        //   t5       5       5       -        5        6    6
        //   org-o    9       9       5        9        30   30
        // (* = fewer than k contributors: hidden.) Every row and column has 0 or at least 2 hidden members, so
        // no complementary cell is added. Yet t2's Pippin (one person's tokens) is the bridge between two
        // hidden rectangles: rows t1+t2 minus columns Kiro+Codex leave exactly that cell.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        for (var t = 1; t <= 5; t++)
        {
            org.Team($"t{t}", "org-o", Names($"t{t}p", 6));
        }

        const string At = "2026-03-03T10:00:00Z";
        var tokens = 1000;
        void Use(string team, int people, string tool)
        {
            for (var i = 1; i <= people; i++)
            {
                org.Use($"{team}p{i}", tool, At, tokens += 17);
            }
        }

        for (var t = 1; t <= 5; t++)
        {
            Use($"t{t}", 6, "Claude Code");
        }

        Use("t1", 2, "Kiro");
        Use("t1", 2, "Codex");
        Use("t2", 2, "Kiro");
        Use("t2", 2, "Codex");
        Use("t2", 1, "Pippin");
        Use("t3", 2, "Pippin");
        Use("t3", 2, "MeshClaw");
        Use("t4", 2, "Pippin");
        Use("t4", 2, "MeshClaw");
        Use("t5", 5, "Kiro");
        Use("t5", 5, "Codex");
        Use("t5", 5, "MeshClaw");
        await org.IngestAsync(custom);

        var week = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1End);
        var fields = new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => new[]
        {
            (week with { GroupBy = l }).Field("total" + l),
            (week with { GroupBy = l, Dimension = "tool" }).Field("tool" + l),
        });
        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");

        var points = new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => response.Series("total" + l).Points().Concat(response.Series("tool" + l).Points())).ToList();
        var target = points.Single(p => p.Cell == ("t2", Week1, "Pippin"));
        Assert.Equal((true, "COMPLEMENTARY"), (target.Suppressed, target.SuppressionReason));
        var recovered = Solver.Recover(points, Solver.TreeEquations(points, org.Parents, additiveAcrossDimension: true)).Where(r => r.Value != 0).ToList();
        var truth = org.TokensOf("t2p1", "Pippin");
        Assert.True(recovered.Count == 0,
            $"hidden cells solved from the visible ones: {string.Join("; ", recovered)}; t2p1's own Pippin tokens are {truth}.");
    }

    [Fact]
    public async Task RedTeam_AMoverCountedInBothTeamsGivesAwayTheirUseOnBothSidesOfTheMove()
    {
        // acme > org-o > team-x (x1..x6 + mo until Wed 4 March), team-y (y1..y6 + mo from 4 March). mo used an AI
        // tool on Tuesday (counted for team-x) and on Thursday (counted for team-y): team-x and team-y each count mo,
        // org-o counts mo once. team-x + team-y − org-o = 1 says that mo used AI tools both before and after the move.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("team-x", "org-o", Names("x", 6));
        org.Team("team-y", "org-o", Names("y", 6));
        org.Member("mo", "team-x", "2026-01-01", "2026-03-04");
        org.Member("mo", "team-y", "2026-03-04", null);
        foreach (var p in Names("x", 6).Concat(Names("y", 6)))
        {
            org.Use(p, "Claude Code", "2026-03-03T10:00:00Z", 100);
        }

        org.Use("mo", "Claude Code", "2026-03-03T10:00:00Z", 100);
        org.Use("mo", "Claude Code", "2026-03-05T10:00:00Z", 100);
        await org.IngestAsync(custom);

        var week = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", Week1, Week1End);
        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + week.Field("teams") + " " + (week with { GroupBy = "ORG" }).Field("orgs") + " }");

        var cells = response.Series("teams").Points().Concat(response.Series("orgs").Points()).ToDictionary(p => p.GroupId);
        if (cells.Values.Any(p => p.Suppressed))
        {
            // team-x's 6 of 7 is a tail (mo counts for team-y): hidden, with covers. Nothing left to difference.
            Assert.All(cells.Values, p => Assert.Equal("COMPLEMENTARY", p.SuppressionReason));
            return;
        }

        var recovered = cells["team-x"].Value + cells["team-y"].Value - cells["org-o"].Value;
        const int truth = 1; // mo used AI tools before and after the move
        Assert.True(recovered != truth, $"team-x + team-y − org-o = {recovered}: mo's use on both sides of the move (true {truth}). {response}");
    }

    [Fact]
    public async Task RedTeam_Held_ASumOnePersonDominatesIsHiddenSoTheRunnerUpCannotEstimateIt()
    {
        // team-x (6 people): x1 burns 50,000 tokens in week 1, the others 100 each. Shown, the total (50,500) would
        // give x1's own value within 1 %, and x2 (knowing their own 100) within 0.8 %: the p % rule hides it. In
        // team-y everyone uses 1,000: no one dominates, the total is shown.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("team-x", "org-o", Names("x", 6));
        org.Team("team-y", "org-o", Names("y", 6));
        org.Team("team-z", "org-o", Names("z", 6));
        foreach (var p in Names("x", 6))
        {
            org.Use(p, "Claude Code", "2026-03-03T10:00:00Z", p == "x1" ? 50_000 : 100);
        }

        foreach (var p in Names("y", 6).Concat(Names("z", 6)))
        {
            org.Use(p, "Claude Code", "2026-03-03T10:00:00Z", 1_000);
        }

        await org.IngestAsync(custom);

        var week = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1End);
        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + week.Field("teams") + " " + (week with { GroupBy = "ORG" }).Field("orgs") + " }");

        var cells = response.Series("teams").Points().Concat(response.Series("orgs").Points()).ToDictionary(p => p.GroupId);
        Assert.Equal((true, "COMPLEMENTARY"), (cells["team-x"].Suppressed, cells["team-x"].SuppressionReason));
        // A cover hides a second cell, so org-o minus the visible teams cannot give team-x back either.
        Assert.Equal(2, cells.Values.Count(p => p.Suppressed));
        Assert.Contains(cells.Values, p => p.GroupId != "team-x" && !p.Suppressed && p.Value > 0);
    }

    [Fact]
    public async Task RedTeam_ACopyOfTotalTokensWithATautologicalFilterHasItsOwnPatternAndGivesAHiddenToolAway()
    {
        // The quantity key includes the filters, so SUM(totalTokens) WHERE kind IN (all three kinds) is a quantity of
        // its own: it is evaluated without total_tokens' tool dimension and keeps totals visible that the tool split
        // hides.
        // acme > org-o > X (6, all use Kiro only), Y (6: y1 uses Kiro, all use Codex), Z (7, all use Codex).
        // total_tokens: Y's Kiro (y1 alone) is hidden; X's Kiro is its complement; X's only tool hidden hides X's
        // total; and so on. The copy shows X's total (= X's Kiro); org-o Kiro − X's Kiro = y1's Kiro tokens.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("X", "org-o", Names("x", 6));
        org.Team("Y", "org-o", Names("y", 6));
        org.Team("Z", "org-o", Names("z", 7));
        var tokens = 700;
        foreach (var p in Names("x", 6))
        {
            org.Use(p, "Kiro", "2026-03-03T10:00:00Z", tokens += 11);
        }

        org.Use("y1", "Kiro", "2026-03-03T11:00:00Z", 4242);
        foreach (var p in Names("y", 6).Concat(Names("z", 7)))
        {
            org.Use(p, "Codex", "2026-03-03T12:00:00Z", tokens += 11);
        }

        await org.IngestAsync(custom);
        // (Labelled OUTCOME it is refused now; as ACTIVITY it needs a guardrail and a privacy officer, who may
        // not notice that the filter matches everything.)
        var copy = TokenMetric("tokens_all_kinds", "ACTIVITY", new JsonArray(new JsonObject { ["field"] = "kind", ["op"] = "IN", ["values"] = new JsonArray("INVOCATION", "OUTPUT_ACCEPTED", "FEEDBACK_GIVEN") }));
        copy["guardrails"] = new JsonArray("deployments_per_engineer_weekly");
        await custom.ReviewedAsync(copy, privacy: true);
        Assert.Null((await custom.Steward().StepAsync("publishMetric", "tokens_all_kinds")).FirstCode);
        await custom.BuildReleasesAsync();

        var week = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1End);
        var fields = new[] { "TEAM", "ORG" }.SelectMany(l => new[]
        {
            (week with { GroupBy = l }).Field("total" + l),
            (week with { GroupBy = l, Dimension = "tool" }).Field("tool" + l),
            (week with { GroupBy = l, Metric = "tokens_all_kinds" }).Field("copy" + l),
        });
        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");
        Assert.True(response.Errors.Count == 0, response.ToString());

        var standard = new[] { "TEAM", "ORG" }.SelectMany(l => response.Series("total" + l).Points().Concat(response.Series("tool" + l).Points())).ToList();
        var copies = new[] { "TEAM", "ORG" }.SelectMany(l => response.Series("copy" + l).Points()).ToList();
        var target = standard.Single(p => p.Cell == ("Y", Week1, "Kiro"));
        Assert.True(target.Suppressed, response.ToString());
        var standardAlone = Solver.Recover(standard, Solver.TreeEquations(standard, org.Parents, additiveAcrossDimension: true)).Where(r => r.Value != 0).ToList();
        Assert.True(standardAlone.Count == 0, "total_tokens alone already leaks: " + string.Join("; ", standardAlone));
        var points = standard.Concat(copies).ToList();
        var recovered = Solver.Recover(points, Solver.TreeEquations(points, org.Parents, additiveAcrossDimension: true)).Where(r => r.Value != 0).ToList();
        Assert.True(recovered.Count == 0, $"with the copy: {string.Join("; ", recovered)}; y1's own Kiro tokens are {org.TokensOf("y1", "Kiro")}.");
    }

    [Fact]
    public async Task RedTeam_ReadsBeforeAndAfterAPolicyRaisingKCombineIntoAHiddenValue()
    {
        // acme > org-o > A (6 people, only a1 uses AI), B (12, six use), C (15, all), D (10, all).
        // k = 5: A is hidden (one contributor); D, the smallest visible sibling, is hidden COMPLEMENTARY; B shown.
        // The privacy officer raises total_tokens to k = 9: A and B are below it, two hidden members, so D is shown.
        // A reader who kept the first response: org-o − B (k = 5) − C − D (k = 9) = a1's own token total.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("A", "org-o", Names("a", 6));
        org.Team("B", "org-o", Names("b", 12));
        org.Team("C", "org-o", Names("c", 15));
        org.Team("D", "org-o", Names("d", 10));
        var tokens = 500;
        foreach (var p in new[] { "a1" }.Concat(Names("b", 6)).Concat(Names("c", 15)).Concat(Names("d", 10)))
        {
            org.Use(p, "Claude Code", "2026-03-03T10:00:00Z", tokens += 13);
        }

        await org.IngestAsync(custom);
        var week = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1End);
        var document = "{ " + week.Field("teams") + " " + (week with { GroupBy = "ORG" }).Field("orgs") + " }";
        var ana = custom.ClientFor("ana", "Analyst");

        var before = await ana.PostGraphQLAsync(document);
        var raise = await custom.ClientFor("Priya Privacy", "PrivacyOfficer").PostGraphQLAsync(
            "mutation($input: PolicyInput!) { updatePolicy(input: $input) { version } }",
            new { input = new { minGroupSize = 5, metricMinGroupSizes = new[] { new { metric = "total_tokens", minGroupSize = 9 } }, reason = "Token totals of fewer than nine people." } });
        Assert.True(raise.Errors.Count == 0, raise.ToString());
        await custom.BuildReleasesAsync();
        var after = await ana.PostGraphQLAsync(document);

        var points = new[] { before, after }.SelectMany(r => r.Series("teams").Points().Concat(r.Series("orgs").Points())).ToList();
        var recovered = Solver.Recover(points, Solver.TreeEquations(points, org.Parents, additiveAcrossDimension: false)).Where(r => r.Value != 0).ToList();
        var truth = org.TokensOf("a1", null);
        Assert.True(recovered.Count == 0, $"from the reads before and after the policy change: {string.Join("; ", recovered)}; a1's own total is {truth}.");
    }

    [Fact]
    public async Task RedTeam_AnEngineersSplitByToolListsToolsUsedOnlyOutsideTheirScope()
    {
        // ash (Engineer) may read team-a only. Nobody in team-a ever used Kiro or Codex; in week 2, e1..e6 (team-e)
        // used Kiro and e1, e2 Codex. ash's week-2 split still has Kiro and Codex points (0 for team-a), his week-1
        // split had none: he learned that someone outside his scope used Codex in week 2 and not in week 1. With a
        // tool piloted by one person, that was the pilot's weekly yes/no.
        var ash = app.Factory.ClientFor("ash", "Engineer");
        var week1 = new ValuesRequest("active_ai_users", "TEAM_IMPROVEMENT", "WEEK", Week1, Week1End, Dimension: "tool");

        var first = await ash.MetricValuesAsync(week1);
        var second = await ash.MetricValuesAsync(week1 with { From = Week2, To = Week2End });

        Assert.Equal(["team-a"], first.Series().Groups());
        // The split lists the configured tools, the same every week, whatever anyone used.
        var listedFirst = first.Series().Points().Select(p => p.DimensionValue!).Distinct().ToList();
        var listedSecond = second.Series().Points().Select(p => p.DimensionValue!).Distinct().ToList();
        Assert.Equal(["AI Teammate", "Claude Code", "Codex", "Kiro", "MeshClaw", "Pippin"], listedFirst);
        Assert.Equal(listedFirst, listedSecond);
    }

    [Fact]
    public async Task RedTeam_AUsageMetricLabelledOutcomeIsServedForPerformanceReviewWithoutAPrivacyOfficer()
    {
        // Two stewards (no privacy officer) try to publish a token total labelled OUTCOME that allows
        // PERFORMANCE_REVIEW, for a manager to read team token totals for performance reviews (invariant 1:
        // never). What a metric is follows from what it reads: the proposal itself is refused.
        await using var custom = await EvaluationApp.StartAsync(app.Kind);
        var input = TokenMetric("tokens_delivered", "OUTCOME", filters: null);
        input["allowedPurposes"] = new JsonArray("TEAM_IMPROVEMENT", "PERFORMANCE_REVIEW");

        var proposed = await custom.Steward().ProposeAsync(input);
        var read = await custom.ClientFor("mona", "Manager").MetricValuesAsync(new ValuesRequest("tokens_delivered", "PERFORMANCE_REVIEW", "WEEK", Week1, Week1End, Scope: "team-e"));

        Assert.Equal(("BAD_USER_INPUT", "kind"), (proposed.FirstCode, proposed.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
        Assert.Equal("NOT_FOUND", read.FirstCode);
    }


    // ---------------------------------------------------------------------------------------------
    // 6. The running period shows its real suppression reason.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task RedTeam_TheRunningWeeksSuppressionReasonTellsWhenSomeoneStartedUsingATool()
    {
        // A running period is hidden as PERIOD_INCOMPLETE so that polling cannot isolate what happened between two
        // reads. But a cell of the running period that is also below k keeps reason BELOW_MIN_GROUP_SIZE: polling the
        // running week split by tool tells the minute the first person of a team used a tool (0 → 1..k−1 contributors).
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var org = new CustomOrg();
        org.Unit("org-o", "ORG", "acme");
        org.Team("team-x", "org-o", Names("x", 6));
        org.Team("team-y", "org-o", Names("y", 6));
        var now = DateTimeOffset.UtcNow.AddMinutes(-2);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // This week so far: everyone in team-x used Claude Code, everyone in team-y Codex; nobody in team-x Codex.
        foreach (var p in Names("x", 6))
        {
            org.Use(p, "Claude Code", Stamp(now.AddMinutes(-3)), 100);
        }

        foreach (var p in Names("y", 6))
        {
            org.Use(p, "Codex", Stamp(now.AddMinutes(-3)), 100);
        }

        await org.IngestAsync(custom);
        var running = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", Iso(today), Iso(today), Scope: "team-x", Dimension: "tool");
        var ana = custom.ClientFor("ana", "Analyst");
        string? Reason(GraphQLResponse r, string tool) => r.Series().Points().SingleOrDefault(p => p.DimensionValue == tool)?.SuppressionReason;

        var first = await ana.MetricValuesAsync(running);
        var codex = new CustomOrg();
        codex.Use("x1", "Codex", Stamp(now), 100); // x1 alone tries Codex, now
        await codex.IngestAsync(custom);
        var second = await ana.MetricValuesAsync(running);

        var before = Reason(first, "Codex");
        var after = Reason(second, "Codex");
        Assert.True(before == after,
            $"the running week's Codex cell of team-x went from {before ?? "(no point)"} to {after} between two reads: someone (here x1, alone) started using Codex in between. {second}");
    }

    // ---------------------------------------------------------------------------------------------
    // 7. The dimension values listed come from the whole company, not from the caller's scope.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // 8. k counts people, not shares: one heavy user dominates a visible total.
    // ---------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------
    // Attacks that held.
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task RedTeam_Held_EveryRoleSeesTheSameCellsHidden()
    {
        // The pattern is decided on the whole tree: a manager's, a leader's or an engineer's narrower view shows
        // exactly the cells the analyst's full view shows, and hides the same ones.
        var request = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, "2026-03-29");
        string Document(ValuesRequest r) => "{ " + r.Field("total") + " " + (r with { Dimension = "tool" }).Field("tool") + " " + (r with { GroupBy = "ORG" }).Field("org") + " }";
        async Task<List<ValuePoint>> Read(HttpClient client, bool orgs)
        {
            var response = await client.PostGraphQLAsync(orgs ? Document(request) : "{ " + request.Field("total") + " " + (request with { Dimension = "tool" }).Field("tool") + " }");
            return [.. new[] { "total", "tool" }.Concat(orgs ? ["org"] : []).SelectMany(f => response.Series(f).Points())];
        }

        var full = (await Read(Ana, true)).ToDictionary(p => p.Cell);
        var views = new Dictionary<string, List<ValuePoint>>
        {
            ["mona"] = await Read(app.Factory.ClientFor("mona", "Manager"), true),
            ["leo"] = await Read(app.Factory.ClientFor("leo", "Leader"), true),
            ["ash"] = await Read(app.Factory.ClientFor("ash", "Engineer"), false),
            ["erin"] = await Read(app.Factory.ClientFor("erin", "Engineer"), false),
        };

        var differences = views.SelectMany(v => v.Value.Where(p => full[p.Cell].Suppressed != p.Suppressed || full[p.Cell].Value != p.Value)
            .Select(p => $"{v.Key} {p.Cell}: {p.Value}/{p.Suppressed} vs analyst {full[p.Cell].Value}/{full[p.Cell].Suppressed}")).ToList();
        Assert.True(differences.Count == 0, string.Join("; ", differences));
    }

    [Fact]
    public async Task RedTeam_Held_OutOfScopeSaysTheSameForAnExistingAndAMissingUnit()
    {
        var ash = app.Factory.ClientFor("ash", "Engineer");
        var request = new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1End);

        var existing = (await ash.MetricValuesAsync(request with { Scope = "team-f" })).AssertError("OUT_OF_SCOPE");
        var missing = (await ash.MetricValuesAsync(request with { Scope = "team-nowhere" })).AssertError("OUT_OF_SCOPE");
        var level = (await ash.MetricValuesAsync(request with { GroupBy = "ORG" })).AssertError("OUT_OF_SCOPE");

        Assert.Equal(existing["message"]!.GetValue<string>(), missing["message"]!.GetValue<string>());
        Assert.Equal(existing["message"]!.GetValue<string>(), level["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task RedTeam_Held_LinearAlgebraOverAllStandardVolumesOfTheEvaluationDataRecoversNothing()
    {
        // Every additive read an analyst can make of the standard volumes (tokens, value-deriving events), at every
        // level, with and without the tool split, solved as one linear system per metric.
        foreach (var metric in new[] { "total_tokens", "value_deriving_events" })
        {
            var request = new ValuesRequest(metric, "TOOL_EVALUATION", "WEEK", Week1, "2026-03-29");
            var levels = new[] { "COMPANY", "ORG", "TEAM" };
            var fields = levels.SelectMany(l => new[] { (request with { GroupBy = l }).Field("t" + l), (request with { GroupBy = l, Dimension = "tool" }).Field("d" + l) });
            var response = await Ana.PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");
            var points = levels.SelectMany(l => response.Series("t" + l).Points().Concat(response.Series("d" + l).Points())).ToList();

            var recovered = Solver.Recover(points, Solver.TreeEquations(points, EvaluationData.Parents, additiveAcrossDimension: true)).Where(r => r.Value != 0).ToList();

            Assert.True(recovered.Count == 0, $"{metric}: {string.Join("; ", recovered)}");
        }
    }

    /// <summary>True when the point's parent in the same layer is shown as 0 (so every child is 0 as well).</summary>
    private static bool ZeroParent(List<ValuePoint> points, ValuePoint point) =>
        EvaluationData.Parents.TryGetValue(point.GroupId, out var parent)
        && points.Any(p => p.GroupId == parent && p.PeriodStart == point.PeriodStart && p.DimensionValue == point.DimensionValue && p is { Suppressed: false, Value: 0 });

    private static JsonObject TokenMetric(string key, string kind, JsonArray? filters)
    {
        var definition = new JsonObject { ["source"] = "ai_usage", ["aggregation"] = "SUM", ["field"] = "totalTokens" };
        if (filters is not null)
        {
            definition["filters"] = filters;
        }

        return new JsonObject
        {
            ["key"] = key,
            ["name"] = "Tokens " + key,
            ["description"] = "Tokens as a delivery outcome.",
            ["kind"] = kind,
            ["unit"] = "tokens",
            ["owner"] = "Platform",
            ["steward"] = "metrics-council",
            ["allowedPurposes"] = new JsonArray("TEAM_IMPROVEMENT", "TOOL_EVALUATION", "PORTFOLIO_REPORTING"),
            ["grains"] = new JsonArray("WEEK"),
            ["definition"] = definition,
        };
    }

    private static string[] Names(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A small organisation and its AI usage, built per attack and loaded through ingestion.</summary>
    private sealed class CustomOrg
    {
        private readonly List<JsonObject> _events = [];
        private readonly List<(string Person, string Tool, int Tokens)> _usage = [];
        private readonly Dictionary<string, string?> _parents = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string?> Parents => _parents;

        public void Unit(string id, string kind, string? parent)
        {
            if (!_parents.ContainsKey("acme") && id != "acme")
            {
                Unit("acme", "COMPANY", null);
            }

            _parents[id] = parent;
            _events.Add(TestEvents.OrgUnit(id, kind, parent));
        }

        public void Team(string id, string parent, IEnumerable<string> people)
        {
            Unit(id, "TEAM", parent);
            foreach (var person in people)
            {
                Member(person, id, "2026-01-01", null);
            }
        }

        public void Member(string person, string team, string from, string? to) =>
            _events.Add(TestEvents.Membership($"m-{person}-{team}-{from}", person: person + "@acme.example", team: team, validFrom: from, validTo: to));

        public void Use(string person, string tool, string at, int tokens)
        {
            _usage.Add((person, tool, tokens + 10));
            _events.Add(new JsonObject
            {
                ["type"] = "ai_usage",
                ["eventId"] = $"use-{person}-{tool}-{at}-{tokens}",
                ["source"] = "red-team",
                ["person"] = person + "@acme.example",
                ["tool"] = tool,
                ["model"] = "model-1",
                ["occurredAt"] = at,
                ["kind"] = "INVOCATION",
                ["inputTokens"] = tokens,
                ["outputTokens"] = 10,
            });
        }

        public long TokensOf(string person, string? tool) => _usage.Where(u => u.Person == person && (tool is null || u.Tool == tool)).Sum(u => (long)u.Tokens);

        public async Task IngestAsync(MetricsApiFactory app)
        {
            var response = await app.Ingestor().PostNdjsonAsync([.. _events]);
            Assert.True(response.Status == 200 && response.Accepted == _events.Count, response.ToString());
            await app.BuildReleasesAsync();
        }
    }
}

/// <summary>
/// The attacker's linear algebra: every served value is a known, every hidden one an unknown, every additive
/// set an equation; Gauss–Jordan elimination tells which unknowns are pinned down to one value.
/// </summary>
public static class Solver
{
    private const double Epsilon = 1e-7;

    public sealed record Recovered(ValuePoint Point, double Value)
    {
        public override string ToString() =>
            $"hidden ({Point.GroupId}, {Point.PeriodStart}{(Point.DimensionValue is null ? "" : ", " + Point.DimensionValue)}, {Point.SuppressionReason}) = {Value}";
    }

    /// <summary>One equation: Σ sign × cell = 0.</summary>
    public sealed record Equation(IReadOnlyList<((string, string, string?) Cell, double Sign)> Terms);

    /// <summary>
    /// Parent = Σ children for every unit, period and dimension value seen; with <paramref name="additiveAcrossDimension"/>
    /// also total = Σ dimension values for every group and period (counts and sums, not people counts).
    /// </summary>
    public static IReadOnlyList<Equation> TreeEquations(IEnumerable<ValuePoint> points, IReadOnlyDictionary<string, string?> parents, bool additiveAcrossDimension)
    {
        var list = points.ToList();
        var periods = list.Select(p => p.PeriodStart).Distinct().ToList();
        var values = list.Select(p => p.DimensionValue).Distinct().ToList();
        var groups = list.Select(p => p.GroupId).Distinct().ToHashSet();
        var equations = new List<Equation>();
        foreach (var parent in parents.Values.OfType<string>().Distinct())
        {
            var children = parents.Where(p => p.Value == parent).Select(p => p.Key).ToList();
            foreach (var period in periods)
            {
                foreach (var value in values)
                {
                    equations.Add(new Equation([((parent, period, value), 1.0), .. children.Select(c => ((c, period, value), -1.0))]));
                }
            }
        }

        if (additiveAcrossDimension && values.Any(v => v is not null))
        {
            foreach (var group in groups)
            {
                foreach (var period in periods)
                {
                    equations.Add(new Equation([((group, period, null), 1.0), .. values.OfType<string>().Select(v => ((group, period, (string?)v), -1.0))]));
                }
            }
        }

        return equations;
    }

    /// <summary>Hidden cells whose value the equations determine, given every visible value.</summary>
    public static IReadOnlyList<Recovered> Recover(IEnumerable<ValuePoint> points, IReadOnlyList<Equation> equations)
    {
        var all = points.ToList();
        var known = new Dictionary<(string, string, string?), double>();
        foreach (var p in all.Where(p => !p.Suppressed && p.Value is not null))
        {
            known[p.Cell] = p.Value!.Value;
        }

        var hidden = all.Where(p => p.Suppressed).GroupBy(p => p.Cell).Select(g => g.First()).Where(p => !known.ContainsKey(p.Cell)).ToList();
        var columns = new Dictionary<(string, string, string?), int>();
        var rows = new List<double[]>();
        foreach (var equation in equations)
        {
            // A member the response does not name at all makes the equation useless (except a missing split value: 0).
            if (equation.Terms.Any(t => !known.ContainsKey(t.Cell) && !all.Any(p => p.Cell == t.Cell)))
            {
                continue;
            }

            foreach (var (cell, _) in equation.Terms.Where(t => !known.ContainsKey(t.Cell)))
            {
                columns.TryAdd(cell, columns.Count);
            }
        }

        foreach (var equation in equations.Where(e => e.Terms.All(t => known.ContainsKey(t.Cell) || columns.ContainsKey(t.Cell))))
        {
            var row = new double[columns.Count + 1];
            foreach (var (cell, sign) in equation.Terms)
            {
                if (known.TryGetValue(cell, out var value))
                {
                    row[^1] -= sign * value;
                }
                else
                {
                    row[columns[cell]] += sign;
                }
            }

            rows.Add(row);
        }

        var n = columns.Count;
        var pivotOf = new int[n];
        Array.Fill(pivotOf, -1);
        var r = 0;
        for (var c = 0; c < n && r < rows.Count; c++)
        {
            var best = Enumerable.Range(r, rows.Count - r).MaxBy(i => Math.Abs(rows[i][c]));
            if (Math.Abs(rows[best][c]) < Epsilon)
            {
                continue;
            }

            (rows[r], rows[best]) = (rows[best], rows[r]);
            var scale = rows[r][c];
            for (var j = 0; j <= n; j++)
            {
                rows[r][j] /= scale;
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (i != r && Math.Abs(rows[i][c]) > Epsilon)
                {
                    var factor = rows[i][c];
                    for (var j = 0; j <= n; j++)
                    {
                        rows[i][j] -= factor * rows[r][j];
                    }
                }
            }

            pivotOf[c] = r++;
        }

        var recovered = new List<Recovered>();
        foreach (var point in hidden)
        {
            if (!columns.TryGetValue(point.Cell, out var c) || pivotOf[c] < 0)
            {
                continue;
            }

            var row = rows[pivotOf[c]];
            if (Enumerable.Range(0, n).All(j => j == c || Math.Abs(row[j]) < Epsilon))
            {
                recovered.Add(new Recovered(point, Math.Round(row[^1], 6) + 0.0));
            }
        }

        return recovered;
    }
}

public sealed class RedTeamTestsOnSqlite(EvaluationAppOnSqlite app) : RedTeamTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class RedTeamTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : RedTeamTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
