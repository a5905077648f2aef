using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Small groups are suppressed (invariant 3) and no response lets a hidden value be recovered by
/// arithmetic from the others (invariant 4), whether asked in one document or in several requests.
/// </summary>
public abstract class SuppressionTests(EvaluationApp app)
{
    private const string Weekly = "WEEK";
    private const string March = "2026-03-01";
    private const string MarchEnd = "2026-03-31";
    private const string FirstWeek = "2026-03-02";
    private const string LastWeekEnd = "2026-03-29";

    private HttpClient Mona => app.Factory.ClientFor("mona", "Manager");

    private HttpClient Ana => app.Factory.ClientFor("ana", "Analyst");

    /// <summary>
    /// Metrics whose group values add up along the org tree of <see cref="EvaluationData"/>. Counts and sums
    /// of events add up over time too, so they are read weekly only (their MONTH reads are refused, see
    /// <see cref="AVolumeIsReadWeeklyOnlySoNoMonthGivesAHiddenWeekBack"/>). By month, people counts stand
    /// in: they add up along this tree as well, because every event counts for exactly one team (erin's,
    /// a member of team-a and team-w, for team-a: same start, lower team id) and nobody moves.
    /// </summary>
    public static TheoryData<string, string> AdditiveMetrics() => new()
    {
        { "production_deployments", "WEEK" },
        { "total_tokens", "WEEK" },
        { "value_deriving_events", "WEEK" },
        { "monthly_active_users_per_tool", "MONTH" },
        { "licensed_users", "MONTH" },
    };

    [Theory]
    [InlineData("production_deployments")]
    [InlineData("total_tokens")]
    [InlineData("active_ai_users")]
    [InlineData("deployments_per_engineer_weekly")]
    public async Task TeamOfFourGetsSuppressedPointsNotAnError(string metric)
    {
        var response = await Mona.MetricValuesAsync(new ValuesRequest(metric, "TEAM_IMPROVEMENT", Weekly, FirstWeek, LastWeekEnd, Scope: "team-f"));

        var points = response.Series().Points();
        Assert.Equal(EvaluationData.Weeks.Select(EvaluationData.Iso), points.Select(p => p.PeriodStart));
        Assert.All(points, p =>
        {
            Assert.Equal("team-f", p.GroupId);
            Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE", null), (p.Value, p.Suppressed, p.SuppressionReason, p.PeopleBucket));
        });
    }

    [Fact]
    public async Task WhenExactlyOneTeamOfAnOrgIsSmallTheNextSmallestTeamIsHiddenToo()
    {
        // Every week in org-data: team-f (4 people) is below k; team-d (9 people) is the smallest visible
        // sibling, so it is hidden too; team-e (10 people) shows its 5 deployments; org-data 2 + 5 + 1 = 8.
        var weeks = new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", Weekly, FirstWeek, LastWeekEnd, Scope: "org-data");
        var teams = await Mona.MetricValuesAsync(weeks);
        var org = await Mona.MetricValuesAsync(weeks with { GroupBy = "ORG" });

        var byTeam = teams.Series().Points().ToLookup(p => p.GroupId);
        Assert.All(new[] { "team-d", "team-e", "team-f" }, t => Assert.Equal(EvaluationData.Weeks.Length, byTeam[t].Count()));
        Assert.All(byTeam["team-f"], p => Assert.Equal((true, "BELOW_MIN_GROUP_SIZE"), (p.Suppressed, p.SuppressionReason)));
        Assert.All(byTeam["team-d"], p => Assert.Equal((null, true, "COMPLEMENTARY", null), (p.Value, p.Suppressed, p.SuppressionReason, p.PeopleBucket)));
        Assert.All(byTeam["team-e"], p => Assert.Equal((5.0, false, null), (p.Value, p.Suppressed, p.SuppressionReason)));
        var totals = org.Series().Points().Where(p => p.GroupId == "org-data").ToList();
        Assert.Equal(EvaluationData.Weeks.Length, totals.Count);
        Assert.All(totals, total => Assert.Equal((8.0, false), (total.Value, total.Suppressed)));
    }

    [Fact]
    public async Task AComplementaryCellStaysHiddenWhenAskedForAlone()
    {
        var alone = await Mona.MetricValuesAsync(new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", Weekly, FirstWeek, LastWeekEnd, Scope: "team-d"));

        var points = alone.Series().Points();
        Assert.Equal(EvaluationData.Weeks.Select(EvaluationData.Iso), points.Select(p => p.PeriodStart));
        Assert.All(points, point => Assert.Equal((null, true, "COMPLEMENTARY"), (point.Value, point.Suppressed, point.SuppressionReason)));
    }

    [Theory]
    [MemberData(nameof(AdditiveMetrics), MemberType = typeof(SuppressionTests))]
    public async Task OrgTotalsAndTeamsInOneDocumentNeverRevealAHiddenCell(string metric, string grain)
    {
        var (from, to) = Period(grain);
        var levels = new[] { "COMPANY", "ORG", "TEAM" };
        var document = "{ " + string.Join(" ", levels.Select(l => new ValuesRequest(metric, "PORTFOLIO_REPORTING", grain, from, to, GroupBy: l).Field(l.ToLowerInvariant()))) + " }";

        var response = await Ana.PostGraphQLAsync(document);

        var points = levels.SelectMany(l => response.Series(l.ToLowerInvariant()).Points()).ToList();
        Assert.Contains(points, p => p.Suppressed);
        Disclosure.AssertNone(Disclosure.AlongTheOrgTree(points));
        Disclosure.AssertNone(Disclosure.Recoverable(points));
    }

    [Theory]
    [MemberData(nameof(AdditiveMetrics), MemberType = typeof(SuppressionTests))]
    public async Task AskingInPiecesHidesTheSameCellsAsAskingInOneDocument(string metric, string grain)
    {
        var (from, to) = Period(grain);
        var org = new ValuesRequest(metric, "TEAM_IMPROVEMENT", grain, from, to, Scope: "org-data", GroupBy: "ORG");
        var teams = new ValuesRequest(metric, "TEAM_IMPROVEMENT", grain, from, to, Scope: "org-data");

        var together = await Mona.PostGraphQLAsync("{ " + org.Field("org") + " " + teams.Field("teams") + " }");
        var first = await Mona.MetricValuesAsync(org);
        var second = await Mona.MetricValuesAsync(teams);

        var inOne = together.Series("org").Points().Concat(together.Series("teams").Points()).ToList();
        var inPieces = first.Series().Points().Concat(second.Series().Points()).ToList();
        Assert.Equal(Pattern(inOne), Pattern(inPieces));
        Disclosure.AssertNone(Disclosure.AlongTheOrgTree(inPieces));
        foreach (var team in new[] { "team-d", "team-e", "team-f" })
        {
            var alone = await Mona.MetricValuesAsync(teams with { Scope = team });
            Assert.Equal(Pattern(inOne.Where(p => p.GroupId == team)), Pattern(alone.Series().Points()));
        }
    }

    [Fact]
    public async Task ToolSplitHidesASecondToolWhenOneToolIsHidden()
    {
        var week = new ValuesRequest("total_tokens", "TOOL_EVALUATION", Weekly, "2026-03-09", "2026-03-15", Scope: "team-e");

        var response = await Ana.PostGraphQLAsync("{ " + week.Field("total") + " " + (week with { Dimension = "tool" }).Field("byTool") + " }");

        var total = Assert.Single(response.Series("total").Points());
        var byTool = response.Series("byTool").Points().ToDictionary(p => p.DimensionValue!);
        Assert.Equal("tool", response.Series("byTool")["dimension"]!.GetValue<string>());
        // The total may be hidden too: org-data's Codex, with team-f's hidden (and in truth empty) Codex beside it,
        // is an upper bound equal to team-e's, so the attacker's audit adds covers until that bound is gone.
        Assert.True(!total.Suppressed || total.SuppressionReason == "COMPLEMENTARY", response.ToString());
        Assert.Equal((true, "COMPLEMENTARY"), (byTool["Codex"].Suppressed, byTool["Codex"].SuppressionReason));
        Assert.Contains(byTool.Values, p => p.DimensionValue != "Codex" && p.Suppressed && p.SuppressionReason == "COMPLEMENTARY");
        Disclosure.AssertNone(Disclosure.AcrossDimensionValues([total], byTool.Values));
    }

    /// <remarks>
    /// Only counts and sums add up over a dimension's values (a person using two tools is one active user),
    /// and they are read weekly only: there is no monthly split to check (see
    /// <see cref="AVolumeIsReadWeeklyOnlySoNoMonthGivesAHiddenWeekBack"/>).
    /// </remarks>
    [Theory]
    [InlineData("total_tokens", "WEEK")]
    [InlineData("value_deriving_events", "WEEK")]
    public async Task NoGroupTotalRevealsAHiddenDimensionValue(string metric, string grain)
    {
        var (from, to) = Period(grain);
        var levels = new[] { "COMPANY", "ORG", "TEAM" };
        var fields = levels.SelectMany(l => new[]
        {
            new ValuesRequest(metric, "TOOL_EVALUATION", grain, from, to, GroupBy: l).Field("total" + l),
            new ValuesRequest(metric, "TOOL_EVALUATION", grain, from, to, GroupBy: l, Dimension: "tool").Field("tool" + l),
        });

        var response = await Ana.PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");

        var totals = levels.SelectMany(l => response.Series("total" + l).Points()).ToList();
        var split = levels.SelectMany(l => response.Series("tool" + l).Points()).ToList();
        Disclosure.AssertNone(Disclosure.AcrossDimensionValues(totals, split));
        Disclosure.AssertNone(Disclosure.AlongTheOrgTree(split));
        Disclosure.AssertNone(Disclosure.Recoverable(totals.Concat(split)));
    }

    [Theory]
    [InlineData("total_tokens")]
    [InlineData("value_deriving_events")]
    public async Task ATeamKnownToHaveNoUsageIsNoCoverForItsHiddenSibling(string metric)
    {
        // Week 3 in org-web: team-w's value is hidden (only w2 and w3 contributed: erin's events count for
        // team-a); team-z (five people, no AI use) is the smallest visible sibling. Hiding team-z's zero
        // protects nothing when the same response shows that nobody in team-z used a tool (active users 0,
        // or a tool split of zeros), so team-v (nine people) is hidden instead.
        var week = new ValuesRequest(metric, "TOOL_EVALUATION", Weekly, "2026-03-16", "2026-03-22", Scope: "org-web");

        var response = await Ana.PostGraphQLAsync("{ " + (week with { GroupBy = "ORG" }).Field("org") + " " + week.Field("teams") + " " +
            (week with { Dimension = "tool" }).Field("byTool") + " " + (week with { Metric = "active_ai_users" }).Field("active") + " }");

        var points = new[] { "org", "teams", "byTool" }.SelectMany(f => response.Series(f).Points()).ToList();
        var noUsers = response.Series("active").Points().Where(p => p is { Suppressed: false, Value: 0 }).Select(p => p.Cell);
        Assert.Equal((true, "COMPLEMENTARY"), (points.Single(p => p.Cell == ("team-w", "2026-03-16", null)).Suppressed, points.Single(p => p.Cell == ("team-w", "2026-03-16", null)).SuppressionReason));
        Assert.Equal((true, "COMPLEMENTARY"), (points.Single(p => p.Cell == ("team-v", "2026-03-16", null)).Suppressed, points.Single(p => p.Cell == ("team-v", "2026-03-16", null)).SuppressionReason));
        // team-z's zero sits next to team-w's cell of two contributors: shown, it would say where they are (the zero
        // pattern rule), so it is hidden, and as a known zero it still is no cover.
        Assert.Equal((null, true), (points.Single(p => p.Cell == ("team-z", "2026-03-16", null)).Value, points.Single(p => p.Cell == ("team-z", "2026-03-16", null)).Suppressed));
        Disclosure.AssertNone(Disclosure.Recoverable(points, knownZeros: noUsers));
    }

    [Fact]
    public async Task ATeamKnownToHaveNoUsageIsNoCoverForAHiddenSiblingOfAMetricWithoutDimensions()
    {
        // A steward's own token total without a tool split: no dimension layer can force a second
        // non-empty sibling to hide, so the choice of complementary cell alone must protect team-w.
        await using var custom = await EvaluationApp.StartAsync(app.Kind);
        var input = CatalogueClient.ActivityInput("tokens_unsplit");
        input["definition"] = new JsonObject { ["source"] = "ai_usage", ["aggregation"] = "SUM", ["field"] = "totalTokens" };
        input["dimensions"] = new JsonArray();
        await custom.ReviewedAsync(input, privacy: true);
        Assert.Null((await custom.Steward().StepAsync("publishMetric", "tokens_unsplit")).FirstCode);
        await custom.BuildReleasesAsync();
        var week = new ValuesRequest("tokens_unsplit", "TOOL_EVALUATION", Weekly, "2026-03-16", "2026-03-22", Scope: "org-web");

        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + (week with { GroupBy = "ORG" }).Field("org") + " " + week.Field("teams") + " " +
            (week with { Metric = "active_ai_users" }).Field("active") + " }");

        var points = response.Series("org").Points().Concat(response.Series("teams").Points()).ToList();
        // team-z's 0 active users sits next to team-w's two-contributor cell, so the zero pattern rule hides it;
        // the attacker is still granted that team-z had no usage (other reads, or asking its members).
        var active = response.Series("active").Points();
        Assert.True(active.Single(p => p.GroupId == "team-z").Suppressed, response.ToString());
        (string, string, string?)[] noUsers = [("team-z", "2026-03-16", null)];
        Assert.Equal("COMPLEMENTARY", points.Single(p => p.GroupId == "team-w").SuppressionReason);
        var leaks = Disclosure.Recoverable(points, knownZeros: noUsers);
        // team-w's week 3 is w2's and w3's alone: erin's events count for team-a.
        var truth = EvaluationData.TokensOfTeam("team-w", new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 22));
        Assert.True(leaks.Count == 0, $"{string.Join("; ", leaks)} (the two people's true week-3 total is {truth}); {response}");
    }

    [Fact]
    public async Task RatioIsHiddenWhenItsNumeratorIsHiddenEvenIfTheDenominatorIsShown()
    {
        // A token total and the count of its active people have the same contributors, so at one k they are
        // hidden together. Raising k for total_tokens alone (to 9, as a privacy officer may) raises it for every
        // metric of its source (ai_usage): two metrics of one source can hold the same values, and must not get
        // different patterns. In week 1 all eight people of team-b used AI tools: the token total, the count of
        // active people (8) and the ratio are all below k = 9.
        // The count of active people is still the numerator of licence_utilisation, whose denominator (licence
        // holders, tool_access, k = 5) shows team-b's 8 in March: the ratio must not give the hidden count back
        // as 8 x ratio.
        await using var custom = await EvaluationApp.StartAsync(app.Kind);
        var raise = await custom.ClientFor("Priya Privacy", "PrivacyOfficer").PostGraphQLAsync(
            "mutation($input: PolicyInput!) { updatePolicy(input: $input) { version } }",
            new { input = new { minGroupSize = 5, metricMinGroupSizes = new[] { new { metric = "total_tokens", minGroupSize = 9 } }, reason = "Token totals of fewer than nine people." } });
        Assert.True(raise.Errors.Count == 0, raise.ToString());
        await custom.BuildReleasesAsync();
        var week1 = new ValuesRequest("total_tokens", "TOOL_EVALUATION", Weekly, FirstWeek, "2026-03-08", Scope: "team-b");
        var week4 = week1 with { From = "2026-03-23", To = LastWeekEnd };
        string Fields(ValuesRequest week, string suffix) =>
            week.Field("tokens" + suffix) + " " + (week with { Metric = "active_ai_users" }).Field("active" + suffix) + " " + (week with { Metric = "tokens_per_active_user" }).Field("ratio" + suffix);

        var march = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "MONTH", March, MarchEnd, Scope: "team-b");
        var monthly = march.Field("activeMarch") + " " + (march with { Metric = "licensed_users" }).Field("licensedMarch") + " "
            + (march with { Metric = "licence_utilisation" }).Field("utilisationMarch");

        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + Fields(week1, "1") + " " + Fields(week4, "4") + " " + monthly + " }");

        var tokens = Assert.Single(response.Series("tokens1").Points());
        var active = Assert.Single(response.Series("active1").Points());
        var ratio = Assert.Single(response.Series("ratio1").Points());
        Assert.Equal((true, "BELOW_MIN_GROUP_SIZE"), (tokens.Suppressed, tokens.SuppressionReason));
        Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE"), (active.Value, active.Suppressed, active.SuppressionReason));
        Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE"), (ratio.Value, ratio.Suppressed, ratio.SuppressionReason));

        var activeMarch = Assert.Single(response.Series("activeMarch").Points());
        var licensedMarch = Assert.Single(response.Series("licensedMarch").Points());
        var utilisationMarch = Assert.Single(response.Series("utilisationMarch").Points());
        Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE"), (activeMarch.Value, activeMarch.Suppressed, activeMarch.SuppressionReason));
        // Shown (8), or hidden as a cover by the attacker's audit: either way the ratio must not give the count back.
        Assert.True(licensedMarch is { Value: 8.0, Suppressed: false } or { Suppressed: true, SuppressionReason: "COMPLEMENTARY" }, response.ToString());
        Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE"), (utilisationMarch.Value, utilisationMarch.Suppressed, utilisationMarch.SuppressionReason));

        // Week 4: only b1..b3 used AI tools. Three contributors hide the token total and, under the contributors
        // rule for every aggregation of person events, the count of those three people too; the ratio with them.
        Assert.All(new[] { "tokens4", "active4", "ratio4" }, field =>
        {
            var point = Assert.Single(response.Series(field).Points());
            Assert.Equal((null, true, "BELOW_MIN_GROUP_SIZE"), (point.Value, point.Suppressed, point.SuppressionReason));
        });
    }

    /// <summary>Each ratio with its numerator and denominator, at the grain they are read at.</summary>
    public static TheoryData<string, string?> RatioReads() => new()
    {
        { "WEEK", null },
        { "WEEK", "tool" },
        { "MONTH", null },
        { "MONTH", "tool" },
    };

    [Theory]
    [MemberData(nameof(RatioReads), MemberType = typeof(SuppressionTests))]
    public async Task NoRatioAndDenominatorGiveAHiddenNumeratorAway(string grain, string? dimension)
    {
        // Weekly: tokens and value-deriving events per active user. Monthly (the per-user ratios are weekly
        // only, like their numerators): licence utilisation = active users / licence holders.
        var ratios = grain == Weekly
            ? new[] { ("tokens_per_active_user", "total_tokens", "active_ai_users"), ("value_events_per_active_user", "value_deriving_events", "active_ai_users") }
            : new[] { ("licence_utilisation", "active_ai_users", "licensed_users") };
        var metrics = ratios.SelectMany(r => new[] { r.Item1, r.Item2, r.Item3 }).Distinct().ToList();
        var (from, to) = Period(grain);
        var fields = metrics.Select(m => new ValuesRequest(m, "TOOL_EVALUATION", grain, from, to, Dimension: dimension).Field(m));

        var response = await Ana.PostGraphQLAsync("{ " + string.Join(" ", fields) + " }");

        var series = metrics.ToDictionary(m => m, m => response.Series(m).Points().ToDictionary(p => p.Cell));
        foreach (var (ratio, numerator, denominator) in ratios)
        {
            foreach (var (cell, point) in series[ratio])
            {
                var hiddenInput = series[numerator].TryGetValue(cell, out var n) && n.Suppressed;
                hiddenInput |= series[denominator].TryGetValue(cell, out var d) && d.Suppressed;
                Assert.False(hiddenInput && !point.Suppressed, $"{ratio} at {cell} is shown although an input is hidden: {point}");
            }

            Assert.Contains(series[numerator].Values, p => p.Suppressed);
        }
    }

    [Fact]
    public async Task PerEngineerValueIsHiddenWhereTheDeploymentCountIsHidden()
    {
        var deployments = new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", Weekly, FirstWeek, LastWeekEnd, Scope: "org-data");

        var response = await Mona.PostGraphQLAsync("{ " + deployments.Field("count") + " " + (deployments with { Metric = "deployments_per_engineer_weekly" }).Field("perEngineer") + " }");

        var perEngineer = response.Series("perEngineer").Points().ToDictionary(p => p.Cell);
        foreach (var count in response.Series("count").Points().Where(p => p.Suppressed))
        {
            Assert.True(perEngineer[count.Cell].Suppressed, $"deployments per engineer at {count.Cell} is shown although the count is hidden.");
        }

        Assert.True(perEngineer[("team-d", FirstWeek, null)].Suppressed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("tool")]
    public async Task AVolumeIsReadWeeklyOnlySoNoMonthGivesAHiddenWeekBack(string? dimension)
    {
        // Team-b's week 4 token total (three people) is hidden; March is exactly its four weeks, so March minus
        // the three visible weeks would be that total. Token sums add up over time and are read weekly only:
        // the month is refused (an input error, not a read), so there is nothing to subtract from.
        var weeks = new ValuesRequest("total_tokens", "TOOL_EVALUATION", Weekly, FirstWeek, LastWeekEnd, Scope: "team-b", Dimension: dimension);
        var month = weeks with { Grain = "MONTH", From = March, To = MarchEnd };

        var weekly = await Ana.MetricValuesAsync(weeks);
        var monthly = await Ana.MetricValuesAsync(month);
        var deploymentsMonthly = await Ana.MetricValuesAsync(month with { Metric = "production_deployments", Purpose = "PORTFOLIO_REPORTING", Dimension = null });
        var valueEventsMonthly = await Ana.MetricValuesAsync(month with { Metric = "value_deriving_events" });
        var perUserMonthly = await Ana.MetricValuesAsync(month with { Metric = "tokens_per_active_user" });

        // Week 4 of team-b: the total, or its only used tool (Claude Code), is hidden (b1..b3 contributed).
        var hiddenWeek = Assert.Single(weekly.Series().Points(), p => p.PeriodStart == "2026-03-23" && p.DimensionValue == (dimension is null ? null : "Claude Code"));
        Assert.Equal((null, true, "COMPLEMENTARY"), (hiddenWeek.Value, hiddenWeek.Suppressed, hiddenWeek.SuppressionReason));
        monthly.AssertError("BAD_USER_INPUT", "period.grain");
        deploymentsMonthly.AssertError("BAD_USER_INPUT", "period.grain");
        valueEventsMonthly.AssertError("BAD_USER_INPUT", "period.grain");
        perUserMonthly.AssertError("BAD_USER_INPUT", "period.grain");
    }

    [Fact]
    public async Task OnePersonInTwoTeamsCannotBeIsolatedByParentMinusChildren()
    {
        // erin is in team-a (org-eng) and team-w (org-web), both memberships from 2026-01-01: each of her
        // events counts for one team only, team-a (same start, lower team id), so once in org-eng, never in
        // org-web, and once in acme. org-eng + org-web − acme is then 0, not minus her own token total.
        var company = new ValuesRequest("total_tokens", "PORTFOLIO_REPORTING", Weekly, FirstWeek, LastWeekEnd, GroupBy: "COMPANY");

        var response = await Ana.PostGraphQLAsync("{ " + company.Field("company") + " " + (company with { GroupBy = "ORG" }).Field("orgs") + " }");

        var acme = response.Series("company").Points().ToDictionary(p => p.PeriodStart);
        var orgs = response.Series("orgs").Points().ToLookup(p => p.GroupId);
        var checkedWeeks = 0;
        foreach (var week in EvaluationData.Weeks)
        {
            var (from, to, period) = (week, week.AddDays(6), EvaluationData.Iso(week));
            var erins = EvaluationData.TokensOf("erin", from, to);
            var everyone = EvaluationData.People.Sum(m => EvaluationData.TokensOf(m, from, to));
            var webTotal = new[] { "team-w", "team-v", "team-z" }.Sum(t => EvaluationData.TokensOfTeam(t, from, to));
            var eng = orgs["org-eng"].Single(p => p.PeriodStart == period);
            var webPoint = orgs["org-web"].Single(p => p.PeriodStart == period);
            if (new[] { acme[period], eng, webPoint }.Any(p => p.Suppressed))
            {
                // Hidden by the attacker's audit elsewhere in the tree: nothing to difference this week.
                continue;
            }

            checkedWeeks++;
            Assert.Equal<(double?, double?, double?)>((everyone, everyone - webTotal, webTotal), (acme[period].Value, eng.Value, webPoint.Value));
            var difference = eng.Value!.Value + webPoint.Value!.Value - acme[period].Value!.Value;
            Assert.True(erins > 0 && Math.Abs(difference) < 1e-6, $"{period}: org-eng + org-web − acme = {difference} (erin's own total is {erins}). {response}");
        }

        Assert.True(checkedWeeks >= 2, response.ToString());
    }

    [Fact]
    public async Task AHiddenToolCountCannotBeWorkedOutThroughTheShareOfActivePeople()
    {
        // acme > org-o > team-x (x1..x6), team-y (y1..y6); week of 2026-03-02, k = 5.
        // x1..x6 use Kiro only; y1..y6 use Claude Code and Codex, y1..y3 Kiro too.
        // active_ai_users by tool: team-y Kiro = 3 people -> BELOW_MIN_GROUP_SIZE, the cell to protect.
        //   {org-o Kiro 9; team-x Kiro 6, team-y Kiro hidden} -> team-x Kiro COMPLEMENTARY;
        //   {team-x total 6; Kiro hidden, Claude Code and Codex empty} -> team-x's total COMPLEMENTARY.
        // weekly_active_ai_users has no dimension, so nothing hides team-x there: 6 / 6 = 1 (people 6).
        // A reader holding both: team-x active = 1 x 6 = 6; its Claude Code and Codex are 0, so all six used
        // Kiro: team-x Kiro = 6; team-y Kiro = org-o Kiro − team-x Kiro = 9 − 6 = 3.
        await using var custom = await MetricsApiFactory.CreateAsync(app.Kind);
        var events = new List<JsonObject>
        {
            TestEvents.OrgUnit("acme", "COMPANY", null),
            TestEvents.OrgUnit("org-o", "ORG", "acme"),
            TestEvents.OrgUnit("team-x", "TEAM", "org-o"),
            TestEvents.OrgUnit("team-y", "TEAM", "org-o"),
        };
        void Use(string person, string tool) => events.Add(new JsonObject
        {
            ["type"] = "ai_usage",
            ["eventId"] = $"use-{events.Count}",
            ["source"] = "probe",
            ["person"] = person + "@acme.example",
            ["tool"] = tool,
            ["model"] = "model-1",
            ["occurredAt"] = "2026-03-03T10:00:00Z",
            ["kind"] = "INVOCATION",
            ["inputTokens"] = 100,
            ["outputTokens"] = 10,
        });
        for (var i = 1; i <= 6; i++)
        {
            events.Add(TestEvents.Membership($"m-x{i}", person: $"x{i}@acme.example", team: "team-x"));
            events.Add(TestEvents.Membership($"m-y{i}", person: $"y{i}@acme.example", team: "team-y"));
            Use($"x{i}", "Kiro");
            Use($"y{i}", "Claude Code");
            Use($"y{i}", "Codex");
            if (i <= 3)
            {
                Use($"y{i}", "Kiro");
            }
        }

        var ingested = await custom.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(ingested.Status == 200 && ingested.Accepted == events.Count, ingested.ToString());
        await custom.BuildReleasesAsync();
        var week = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", Weekly, FirstWeek, "2026-03-08", Dimension: "tool");

        var response = await custom.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + week.Field("teams") + " " + (week with { GroupBy = "ORG" }).Field("org") + " " +
            (week with { Metric = "weekly_active_ai_users", Dimension = null }).Field("share") + " }");

        var cells = response.Series("teams").Points().Concat(response.Series("org").Points()).ToDictionary(p => (p.GroupId, p.DimensionValue));
        var target = cells[("team-y", "Kiro")];
        Assert.Equal((true, "COMPLEMENTARY"), (target.Suppressed, target.SuppressionReason));
        var share = response.Series("share").Points().Single(p => p.GroupId == "team-x");
        var otherTools = new[] { "Claude Code", "Codex" }.Select(t => cells[("team-x", t)]).ToList();
        var orgKiro = cells[("org-o", "Kiro")];
        // Headcounts are served as buckets only, but the attacker is assumed to know team-x's exact size (an org chart tells).
        const int people = 6;
        double? recovered = !share.Suppressed && share.Value is { } s && otherTools.All(c => c is { Suppressed: false, Value: 0 })
            && orgKiro is { Suppressed: false, Value: { } kiro }
            ? kiro - (s * people)
            : null;
        Assert.True(recovered is null, $"team-y's hidden Kiro count is org-o Kiro ({orgKiro.Value}) − team-x's share ({share.Value}) × people ({people}) = {recovered}. {response}");
    }

    [Fact]
    public async Task SuppressedPointsNameNoHeadcountAndVisiblePointsNameItsBucket()
    {
        var response = await Ana.MetricValuesAsync(new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", Weekly, FirstWeek, LastWeekEnd));

        Assert.Contains(response.Series().Points(), p => p.Suppressed);
        Assert.All(response.Series().Points(), p =>
        {
            if (p.Suppressed)
            {
                Assert.Equal((null, null), (p.Value, p.PeopleBucket));
            }
            else
            {
                Assert.Matches("^(5-9|10-19|20-49|50-99|100-249|250-999|1000\\+)$", p.PeopleBucket);
            }
        });
    }

    private static (string From, string To) Period(string grain) =>
        grain == Weekly ? (FirstWeek, LastWeekEnd) : (March, MarchEnd);

    private static List<string> Pattern(IEnumerable<ValuePoint> points) =>
        [.. points.Select(p => $"{p.GroupId} {p.PeriodStart} {p.DimensionValue} {p.Suppressed} {p.SuppressionReason} {p.Value}").Order(StringComparer.Ordinal)];
}

public sealed class SuppressionTestsOnSqlite(EvaluationAppOnSqlite app) : SuppressionTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class SuppressionTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : SuppressionTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
