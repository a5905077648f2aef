using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.GoldenCheck;
using static MetricsApi.Tests.Releases.GoldenClient;
using static MetricsApi.Tests.Releases.GoldenDataset;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Every standard metric over <see cref="GoldenDataset"/>, read by a company-wide Analyst at TEAM,
/// ORG and COMPANY level, against values worked out by hand from docs/governed-reads.md. Headcounts
/// (the <c>people</c> of visible points) are in <see cref="GoldenCheck.People"/>: alpha 6 in W1 and
/// 5 in W2 (mia moved to beta on 03-05 and counts in both teams in W1, once in org-core), beta 7,
/// org-core 12, org-lab 9, acme 21. team-gamma and team-small are hidden in every series
/// (<see cref="GoldenCheck.LabTeams"/>); their events still count in org-lab and acme.
/// Every event counts for the one team whose membership is valid on its day (mia's for alpha until 03-04,
/// for beta from 03-05), and once for every unit above it. People counts (distinct people, shares of
/// people) count each person for one team per period instead: the membership overlapping the period that
/// started last (ties: lowest team id), so mia counts as a person in beta only in W1 and in March. Any value from person events (ai_usage,
/// tool_access, survey_response), people counts included, is hidden when 1 to 4 people contributed; a people
/// count also when 1 to 4 people of the group are not in it (the tail: 5 of 6, 19 of 21), and a visible 100 %
/// wherever it would pin a hidden cell below it (a count cannot pass its headcount). In a group of 5 people or
/// more the reason is COMPLEMENTARY whichever rule hid the cell (docs/privacy.md): only team-small's cells say
/// BELOW_MIN_GROUP_SIZE. On this small organisation that hides every people count but the Codex splits. Split by tool, every group and period gets a point for every configured tool
/// (<see cref="GoldenCheck.Tools"/>: AI Teammate, Claude Code, Codex, Kiro, MeshClaw, Pippin), used or not, so
/// the list of tools never tells that someone somewhere used one. Where nobody in the group used a tool in
/// the period the point is 0 (null for a ratio over nobody or an NPS of nobody), not hidden, or
/// BELOW_MIN_GROUP_SIZE for team-small, a group under 5 people (<see cref="GoldenCheck.EveryTool"/>); such
/// a cell has no events behind it, so it is no cover for another and needs none.
/// </summary>
public abstract class GoldenValueTests(GoldenApp app)
{
    private const string B = Below;
    private const string C = Complementary;
    private const string CC = ClaudeCode;
    private const string Kiro = "Kiro";

    private static readonly string[] Teams = [Alpha, Beta, Gamma, Small];
    private static readonly string[] Orgs = [Core, Lab];
    private static readonly string[] Acme = [Company];
    private static readonly string[] BothWeeks = [W1, W2];
    private static readonly string[] InMarch = [March];

    [Fact]
    public async Task DeliveryCountsFollowTheFiltersAndTheIsoWeeks()
    {
        var check = new GoldenCheck();

        // production_deployments: SUCCEEDED + production, placed by finishedAt.
        // alpha W1: a1, a2, a3, a6 (Sun 23:50) = 4 (a0 finished Sun 03-01: week of 02-23; a4 rolled back; a5 staging)
        // alpha W2: a7, a8, a9 = 3.  beta W1: b1, b2 = 2.  beta W2: b3, b4, b5 = 3 (b6 FAILED).
        // gamma W1 g1 = 1, W2 g2 + g3 = 2; small W1 s1 = 1, W2 s2 = 1.
        // org-core W1 4 + 2 = 6, W2 3 + 3 = 6; org-lab W1 1 + 1 = 2, W2 2 + 1 = 3; acme W1 6 + 2 = 8, W2 6 + 3 = 9.
        check.Series(await app.Factory.MetricValuesAsync("production_deployments", Weeks),
            team: [.. Weekly(Alpha, 4, 3), .. Weekly(Beta, 2, 3), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 6, 6), .. Weekly(Lab, 2, 3)],
            company: Weekly(Company, 8, 9));

        // incident_causing_deployments: the same filter plus causedIncident (restored or not).
        // alpha W1 a2 = 1 (a4 caused one too but ROLLED_BACK), W2 a9 = 1 (not restored: still counts).
        // beta W1 b2 = 1, W2 0. gamma W1 g1, W2 g2; small W1 s1, W2 s2.
        // org-core W1 1 + 1 = 2, W2 1 + 0 = 1; org-lab 2, 2; acme W1 4, W2 3.
        check.Series(await app.Factory.MetricValuesAsync("incident_causing_deployments", Weeks),
            team: [.. Weekly(Alpha, 1, 1), .. Weekly(Beta, 1, 0), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 2, 1), .. Weekly(Lab, 2, 2)],
            company: Weekly(Company, 4, 3));

        // deployment_days_weekly: distinct UTC days of finishedAt; two deployments on a day count once.
        // alpha W1 {02 (a1, a2), 04, 08} = 3, W2 {10 (a7, a8), 12} = 2.  beta W1 {03, 06} = 2, W2 {09 (b3, b4, b5)} = 1.
        // gamma W1 {02}, W2 {10 (g2, g3)}; small W1 {03}, W2 {11}.
        // org-core W1 {02, 03, 04, 06, 08} = 5, W2 {09, 10, 12} = 3.  org-lab W1 {02, 03} = 2, W2 {10, 11} = 2.
        // acme W1 {02, 03, 04, 06, 08} = 5, W2 {09, 10, 11, 12} = 4.
        check.Series(await app.Factory.MetricValuesAsync("deployment_days_weekly", Weeks),
            team: [.. Weekly(Alpha, 3, 2), .. Weekly(Beta, 2, 1), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 5, 3), .. Weekly(Lab, 2, 2)],
            company: Weekly(Company, 5, 4));

        // deployments_per_engineer_weekly: production_deployments / headcount.
        // alpha 4/6, 3/5; beta 2/7, 3/7; org-core 6/12, 6/12; org-lab 2/9, 3/9; acme 8/21, 9/21.
        CheckDeploymentsPerEngineer(check, await app.Factory.MetricValuesAsync("deployments_per_engineer_weekly", Weeks));

        check.AssertAll();
    }

    [Fact]
    public async Task DeliveryMediansInterpolateAndRatesDivideCounts()
    {
        var check = new GoldenCheck();

        // median_lead_time over SUCCEEDED production deployments with a lead time (percentile_cont 0.5).
        // alpha W1 [60, 120, 200, 90] -> 60 90 | 120 200 -> (90 + 120) / 2 = 105; W2 [30, 50] (a7 has none) -> 40.
        // beta W1 [40, 80] -> 60; W2 [20, 25, 100] -> 25.
        // org-core W1 40 60 80 | 90 120 200 -> 85; W2 20 25 30 50 100 -> 30.
        // org-lab W1 [10, 30] -> 20; W2 [70, 90, 50] -> 70.
        // acme W1 10 30 40 60 | 80 90 120 200 -> (60 + 80) / 2 = 70; W2 20 25 30 50 | 50 70 90 100 -> 50.
        check.Series(await app.Factory.MetricValuesAsync("median_lead_time", Weeks),
            team: [.. Weekly(Alpha, 105, 40), .. Weekly(Beta, 60, 25), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 85, 30), .. Weekly(Lab, 20, 70)],
            company: Weekly(Company, 70, 50));

        // median_time_to_restore: production + causedIncident (any status), restoredAt - finishedAt in minutes.
        // alpha W1 a2 90, a4 30 (rolled back, still an incident) -> 60; W2 a9 not restored -> nothing -> null.
        // beta W1 b2 45; W2 no incident -> null.  org-core W1 30 45 90 -> 45; W2 null.
        // org-lab W1 g1 20, s1 60 -> 40; W2 g2 80, s2 40 -> 60.  acme W1 20 30 45 60 90 -> 45; W2 40 80 -> 60.
        check.Series(await app.Factory.MetricValuesAsync("median_time_to_restore", Weeks),
            team: [.. Weekly(Alpha, 60, null), .. Weekly(Beta, 45, null), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 45, null), .. Weekly(Lab, 40, 60)],
            company: Weekly(Company, 45, 60));

        // change_failure_rate = incident_causing_deployments / production_deployments (counts above).
        // alpha 1/4, 1/3; beta 1/2, 0/3; org-core 2/6, 1/6; org-lab 2/2, 2/3; acme 4/8, 3/9.
        check.Series(await app.Factory.MetricValuesAsync("change_failure_rate", Weeks),
            team: [.. Weekly(Alpha, 0.25, 1.0 / 3), .. Weekly(Beta, 0.5, 0), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 2.0 / 6, 1.0 / 6), .. Weekly(Lab, 1, 2.0 / 3)],
            company: Weekly(Company, 0.5, 3.0 / 9));

        check.AssertAll();
    }

    [Fact]
    public async Task AdoptionCountsEachPersonForTheMembershipThatStartedLastInTheWeek()
    {
        var check = new GoldenCheck();

        // active_ai_users: distinct people with any ai_usage event; a people count of 1 to 4 contributors is hidden.
        // Each person counts for one team per week: the membership overlapping the week that started last. mia's
        // beta membership (from 03-05) started last in W1, so all her W1 usage (03-04 and 03-06) counts for beta.
        // alpha W1 a1-a5 = 5 (headcount 6); W2 a1-a4 = 4 -> BELOW_MIN although the headcount is 5.
        // beta W1 mia, b1, b2, b3, b4 = 5; W2 mia, b1, b2, b3, b5, b6 = 6, but alpha is then
        //   the lone hidden child of org-core, so beta is hidden as COMPLEMENTARY (else org-core - beta = alpha).
        // org-core W1 a1-a5, mia, b1-b4 = 10 (mia once); W2 4 + 6 = 10.  org-lab g1-g5 + s1-s4 = 9 in both
        // (s3's Sun 23:30 event is W2, s4's Mon 03-16 event is not). acme 19, 19. The contractor counts nowhere.
        // (The tool split below hides no further total: see ActiveUsersByToolListEveryConfiguredTool.)
        // The tails: alpha W1 5 of 6 (one person not active), beta W1 5 of 7, org-core 10 of 12, acme 19 of 21
        // are hidden (1 to 4 people differ from the rest). org-lab's 9 of 9 single nobody out, but with gamma
        // and small hidden they would be pinned (gamma <= 5, small <= 4, gamma + small = 9), so it covers them.
        string[] allHidden = [.. WeeklyHidden(Alpha), .. WeeklyHidden(Beta), .. LabTeams(null, W1, W2)];
        check.Series(await app.Factory.MetricValuesAsync("active_ai_users", Weeks),
            team: allHidden,
            org: [.. WeeklyHidden(Core), .. WeeklyHidden(Lab)],
            company: WeeklyHidden(Company));

        // weekly_active_ai_users = active / headcount, the same contributors: alpha 5/6, W2 4 people -> BELOW_MIN;
        // beta 5/7, W2 COMPLEMENTARY (alpha's lone hidden sibling); org-core 10/12, 10/12; org-lab 9/9, 9/9;
        // acme 19/21, 19/21.
        // Hidden where active_ai_users is (all of it here).
        check.Series(await app.Factory.MetricValuesAsync("weekly_active_ai_users", Weeks),
            team: allHidden,
            org: [.. WeeklyHidden(Core), .. WeeklyHidden(Lab)],
            company: WeeklyHidden(Company));

        // ai_native_team_rate: share of the group's teams whose unsuppressed weekly_active_ai_users >= 0.8.
        // W1: alpha 0.833 -> yes; beta 0.714 -> no. W2: alpha (BELOW_MIN) and beta (COMPLEMENTARY) are hidden.
        // gamma (COMPLEMENTARY) and small (BELOW_MIN_GROUP_SIZE) are hidden in both weeks. Hidden teams are left out.
        // Team level: alpha W1 1/1 = 1, W2 no team left -> null; beta W1 0/1 = 0, W2 null; gamma null, null
        // (a share over zero teams is undefined, not hidden: 5 people); small BELOW_MIN (4 people).
        // A share over no team has nothing behind it (empty), so small's hidden cell has no sibling to hide:
        // gamma's null stays, and gives nothing away (small's own share would be over no team too).
        // org-core W1 1/2 = 0.5, W2 null.  org-lab: no team left -> null, null.  acme W1 1/2, W2 null.
        // With the tails every team's weekly_active_ai_users is hidden, so no team is left anywhere: null.
        check.Series(await app.Factory.MetricValuesAsync("ai_native_team_rate", Weeks),
            team: [.. Weekly(Alpha, null, null), .. Weekly(Beta, null, null), .. Weekly(Gamma, null, null), Hidden(Small, W1, B), Hidden(Small, W2, B)],
            org: [.. Weekly(Core, null, null), .. Weekly(Lab, null, null)],
            company: Weekly(Company, null, null));

        check.AssertAll();
    }

    [Fact]
    public async Task ActiveUsersByToolListEveryConfiguredTool()
    {
        var check = new GoldenCheck();

        // Split by tool: every group has a point for every configured tool in both weeks. Claude Code and Codex
        // were used (Codex in W1 only); AI Teammate, Kiro, MeshClaw and Pippin by nobody: 0, small's BELOW_MIN.
        // alpha W1 Claude Code a1-a5 = 5 (mia counts for beta all week, as for the totals), Codex a1, a2 = 2 -> BELOW_MIN; Codex is then the lone hidden value of {alpha; Claude Code, Codex}, so Claude
        // Code is hidden as COMPLEMENTARY (alpha's total, 5, stays). alpha W2 Claude Code a1-a4 = 4 -> BELOW_MIN, Codex nobody -> 0.
        // beta W1 Claude Code mia, b1, b3 = 3, Codex b1, b2, b4 = 3: both BELOW_MIN; W2 Claude Code 6, but in
        // {org-core/Claude Code; alpha, beta} alpha is the lone hidden child -> COMPLEMENTARY; Codex 0.
        // gamma Claude Code COMPLEMENTARY (to small, as for the totals), Codex 0; small all BELOW_MIN (4 people).
        // org-core W1 Claude Code a1-a5, mia, b1, b3 = 8, Codex a1, a2, b1, b2, b4 = 5; W2 Claude Code 10, Codex 0.
        // org-lab Claude Code 9, 9, Codex 0, 0.  acme W1 Claude Code 8 + 9 = 17, Codex 5; W2 Claude Code 19, Codex 0.
        // The tails hide org-core's Claude Code 8 and 10 of 12 and acme's 17 and 19 of 21; org-lab's 9 of 9 covers
        // gamma and small as for the totals. Codex, 5 of 12 and 5 of 21, stays.
        check.Series(await app.Factory.MetricValuesAsync("active_ai_users", Weeks, ToolEvaluation, "tool"),
            team: EveryTool(0, Teams, BothWeeks, HiddenTeamToolCells(unused: 0)),
            org: EveryTool(0, Orgs, BothWeeks, [Hidden(Core, W1, C, CC), Point(Core, W1, 5, Codex), Hidden(Core, W2, C, CC), Point(Core, W2, 0, Codex), Hidden(Lab, W1, C, CC), Point(Lab, W1, 0, Codex), Hidden(Lab, W2, C, CC), Point(Lab, W2, 0, Codex)]),
            company: EveryTool(0, Acme, BothWeeks, [Hidden(Company, W1, C, CC), Point(Company, W1, 5, Codex), Hidden(Company, W2, C, CC), Point(Company, W2, 0, Codex)]));

        check.AssertAll();
    }

    [Fact]
    public async Task TokenAndValueVolumesNeedFiveContributingPeople()
    {
        var check = new GoldenCheck();

        // total_tokens = SUM(input + output) (per-person sums in GoldenDataset).
        // alpha W1 2700 + 3100 + 1300 + 800 + 1100 + 600 (mia) = 9600 from 6 people.
        // alpha W2 2100 + 1200 + 1000 + 2100 = 6400 from only 4 people (a5 idle) -> hidden, COMPLEMENTARY
        //   (the headcount, 5, is fine, so the reason does not say "few contributors").
        // beta W1 3200 (mia) + 3100 + 2100 + 500 + 1000 = 9900 from 5 people.
        // beta W2 1600 + 2000 + 600 + 1100 + 1100 + 500 = 6900 from 6, but alpha is the lone hidden child of
        //   org-core, so beta is hidden as COMPLEMENTARY (else org-core - beta = alpha).
        // org-core W1 9600 + 9900 = 19500, W2 6400 + 6900 = 13300.  org-lab W1 5500 + 4100 = 9600,
        // W2 10500 + 2100 = 12600.  acme W1 19500 + 9600 = 29100, W2 13300 + 12600 = 25900.
        var tokens = await app.Factory.MetricValuesAsync("total_tokens", Weeks);
        check.Series(tokens,
            team: [Point(Alpha, W1, 9600), Hidden(Alpha, W2, C), Point(Beta, W1, 9900), Hidden(Beta, W2, C), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 19500, 13300), .. Weekly(Lab, 9600, 12600)],
            company: Weekly(Company, 29100, 25900));

        // Its guardrail comes with it, with the values it has on its own (DeliveryCounts test).
        CheckDeploymentsPerEngineer(check, tokens.Guardrail("deployments_per_engineer_weekly"));

        // A volume of personal events is read at one grain only: March minus the weeks inside it would be the
        // tokens of a few days of a few people (here a5's Sun 03-01 and s4's Mon 03-16 events).
        var monthly = await app.Factory.Analyst().PostGraphQLAsync(
            "{ metricValues(metric: \"total_tokens\", purpose: PORTFOLIO_REPORTING, period: { grain: MONTH, from: \"2026-03-01\", to: \"2026-03-31\" }) { metric } }");
        check.Equal("total_tokens by MONTH", "BAD_USER_INPUT period.grain",
            $"{monthly.FirstCode} {monthly.Errors.FirstOrDefault()?["extensions"]?["field"]?.GetValue<string>()}");

        // value_deriving_events = COUNT of OUTPUT_ACCEPTED + FEEDBACK_GIVEN.
        // alpha W1 a1 2 + a2 2 + a3 1 + a4 1 + a5 1 = 7 (5 people); W2 a1 1 + a2 2 + a3 1 + a4 1 = 5 from 4 people -> hidden (COMPLEMENTARY).
        // beta W1 mia, b1, b2, b3, b4 one each = 5 (5 people); W2 six people one each = 6 -> COMPLEMENTARY to alpha.
        // org-core W1 7 + 5 = 12, W2 5 + 6 = 11.  org-lab W1 5 (gamma) + 1 (s1) = 6 from 6 people, W2 5 + 1 (s2) = 6.
        // acme W1 12 + 6 = 18, W2 11 + 6 = 17.
        check.Series(await app.Factory.MetricValuesAsync("value_deriving_events", Weeks),
            team: [Point(Alpha, W1, 7), Hidden(Alpha, W2, C), Point(Beta, W1, 5), Hidden(Beta, W2, C), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 12, 11), .. Weekly(Lab, 6, 6)],
            company: Weekly(Company, 18, 17));

        check.AssertAll();
    }

    [Fact]
    public async Task TokenAndValueVolumesByToolHideEveryTeamCellOfTheCoreOrg()
    {
        var check = new GoldenCheck();

        // By tool. alpha W1 Claude Code 1600 + 2600 + 1300 + 800 + 1100 + 600 = 8000 (6 people), Codex
        // 1100 (a1) + 500 (a2) = 1600 (2 people: BELOW_MIN). In {alpha; Claude Code, Codex} Codex is the lone
        // hidden value, so Claude Code is hidden as COMPLEMENTARY (else alpha - Claude Code = Codex).
        // alpha W2 Claude Code 6400 from 4 people: BELOW_MIN.
        // beta W1 Claude Code 3200 + 2000 + 500 = 5700 (mia, b1, b3), Codex 1100 + 2100 + 1000 = 4200
        // (b1, b2, b4): both BELOW_MIN. beta W2 Claude Code 6900 from 6, but in {org-core/Claude Code;
        // alpha, beta} alpha is the lone hidden child -> COMPLEMENTARY.
        // org-core W1 Claude Code 8000 + 5700 = 13700 (8 people), Codex 1600 + 4200 = 5800 (a1, a2, b1, b2,
        // b4 = 5 people); W2 Claude Code 13300.  org-lab only uses Claude Code: 9600, 12600.
        // acme W1 Claude Code 13700 + 9600 = 23300, Codex 5800; W2 Claude Code 25900.
        // Every group has a point for every configured tool: Codex in W2 (0), and gamma's in W1 (0), AI Teammate,
        // Kiro, MeshClaw and Pippin in both weeks (0); small's are BELOW_MIN (4 people). Nobody used them there,
        // so these zeros are empty: no cover, nothing to hide.
        check.Series(await app.Factory.MetricValuesAsync("total_tokens", Weeks, ToolEvaluation, "tool"),
            team: EveryTool(0, Teams, BothWeeks, HiddenTeamToolCells(unused: 0)),
            org: EveryTool(0, Orgs, BothWeeks, [Point(Core, W1, 13700, CC), Point(Core, W1, 5800, Codex), Point(Core, W2, 13300, CC), Point(Core, W2, 0, Codex), .. ByTool(Lab, (9600, 0), (12600, 0))]),
            company: EveryTool(0, Acme, BothWeeks, [Point(Company, W1, 23300, CC), Point(Company, W1, 5800, Codex), Point(Company, W2, 25900, CC), Point(Company, W2, 0, Codex)]));

        // By tool, the same cells are hidden for the same reasons: alpha W1 Claude Code a1-a5 = 5 events from 5
        // people (COMPLEMENTARY to Codex: a1, a2 = 2 events, 2 people); beta W1 Claude Code mia, b3 = 2, Codex
        // b1, b2, b4 = 3 (both BELOW_MIN); W2 as above (alpha 5 events from 4 people, BELOW_MIN).
        // org-core W1 Claude Code 5 + 2 = 7 (7 people), Codex 2 + 3 = 5 (5 people); W2 Claude Code 11, Codex 0.
        // org-lab Claude Code 6, 6 (g1-g5 and s1, then s2), Codex 0.  acme W1 Claude Code 7 + 6 = 13, Codex 5;
        // W2 Claude Code 17, Codex 0. The tools nobody used: 0, small's BELOW_MIN.
        check.Series(await app.Factory.MetricValuesAsync("value_deriving_events", Weeks, ToolEvaluation, "tool"),
            team: EveryTool(0, Teams, BothWeeks, HiddenTeamToolCells(unused: 0)),
            org: EveryTool(0, Orgs, BothWeeks, [Point(Core, W1, 7, CC), Point(Core, W1, 5, Codex), Point(Core, W2, 11, CC), Point(Core, W2, 0, Codex), .. ByTool(Lab, (6, 0), (6, 0))]),
            company: EveryTool(0, Acme, BothWeeks, [Point(Company, W1, 13, CC), Point(Company, W1, 5, Codex), Point(Company, W2, 17, CC), Point(Company, W2, 0, Codex)]));

        check.AssertAll();
    }

    [Fact]
    public async Task PerActiveUserRatiosAreHiddenWhereTheirInputsAre()
    {
        var check = new GoldenCheck();

        // tokens_per_active_user = total_tokens / active_ai_users, hidden with the reason of its hidden input.
        // alpha W1 9600 / 5 = 1920: the tokens count per event day (mia's 600 of 03-04 are alpha's), the active
        // users per week (mia is beta's for all of W1: a1-a5 = 5). W2 tokens and active users BELOW_MIN (4 people);
        // beta W1 9900 / 5 = 1980,
        // W2 tokens and active users COMPLEMENTARY.
        // org-core W1 19500 / 10 = 1950, W2 13300 / 10 = 1330; org-lab 9600 / 9, 12600 / 9 = 1400;
        // acme 29100 / 19, 25900 / 19.
        // With the tails active_ai_users is hidden everywhere (AdoptionCounts test), so every ratio over it is too.
        string[] allHidden = [.. WeeklyHidden(Alpha), .. WeeklyHidden(Beta), .. LabTeams(null, W1, W2)];
        check.Series(await app.Factory.MetricValuesAsync("tokens_per_active_user", Weeks),
            team: allHidden,
            org: [.. WeeklyHidden(Core), .. WeeklyHidden(Lab)],
            company: WeeklyHidden(Company));

        // value_events_per_active_user = value_deriving_events / active_ai_users.
        // alpha W1 7 / 5 (mia had no value event in alpha), W2 hidden (BELOW_MIN); beta W1 5 / 5 = 1, W2 hidden (COMPLEMENTARY).
        // org-core 12 / 10 = 1.2, 11 / 10 = 1.1; org-lab 6 / 9, 6 / 9; acme 18 / 19, 17 / 19.
        check.Series(await app.Factory.MetricValuesAsync("value_events_per_active_user", Weeks),
            team: allHidden,
            org: [.. WeeklyHidden(Core), .. WeeklyHidden(Lab)],
            company: WeeklyHidden(Company));

        check.AssertAll();
    }

    [Fact]
    public async Task PerActiveUserRatiosByToolExistOnlyAboveTheHiddenTeamCells()
    {
        var check = new GoldenCheck();

        // By tool every team cell with users has a hidden numerator and denominator (see total_tokens and
        // active_ai_users by tool), so it is hidden with the same reason. Where nobody used a tool (Codex in W2,
        // gamma's Codex in W1, AI Teammate, Kiro, MeshClaw and Pippin everywhere) the ratio is 0 / 0: undefined
        // (null), not hidden; small's are BELOW_MIN.
        // org-core W1 Claude Code 13700 / 8 = 1712.5, Codex 5800 / 5 = 1160; W2 Claude Code 13300 / 10 = 1330,
        // Codex null. org-lab Claude Code 9600 / 9, 12600 / 9 = 1400, Codex null.
        // acme W1 Claude Code 23300 / 17, Codex 5800 / 5 = 1160; W2 Claude Code 25900 / 19, Codex null.
        // Claude Code's active users are hidden by their tails at org-core and acme and as a cover at org-lab
        // (ActiveUsersByTool test), so only the Codex ratios stay.
        check.Series(await app.Factory.MetricValuesAsync("tokens_per_active_user", Weeks, ToolEvaluation, "tool"),
            team: EveryTool(null, Teams, BothWeeks, HiddenTeamToolCells(unused: null)),
            org: EveryTool(null, Orgs, BothWeeks, [.. ClaudeCodeHidden(Core, (1160, null)), .. ClaudeCodeHidden(Lab, (null, null))]),
            company: EveryTool(null, Acme, BothWeeks, ClaudeCodeHidden(Company, (1160, null))));

        // By tool: org-core W1 Claude Code 7 / 8, Codex 5 / 5; W2 Claude Code 11 / 10, Codex null. org-lab 6 / 9,
        // 6 / 9, Codex null. acme W1 Claude Code 13 / 17, Codex 5 / 5; W2 Claude Code 17 / 19, Codex null.
        // The tools nobody used: null, small's BELOW_MIN.
        check.Series(await app.Factory.MetricValuesAsync("value_events_per_active_user", Weeks, ToolEvaluation, "tool"),
            team: EveryTool(null, Teams, BothWeeks, HiddenTeamToolCells(unused: null)),
            org: EveryTool(null, Orgs, BothWeeks, [.. ClaudeCodeHidden(Core, (1, null)), .. ClaudeCodeHidden(Lab, (null, null))]),
            company: EveryTool(null, Acme, BothWeeks, ClaudeCodeHidden(Company, (1, null))));

        check.AssertAll();
    }

    [Fact]
    public async Task MonthlyActiveUsersCountEveryToolUsedInTheMonth()
    {
        var check = new GoldenCheck();

        // monthly_active_users_per_tool (March; a5's 03-01 and s4's 03-16 events are in March but add nobody new).
        // Each person counts for one team per month: the membership overlapping March that started last, so mia
        // (alpha until 03-04, beta from 03-05) counts for beta only, her 03-04 usage in alpha included.
        // Any tool: alpha a1-a5 = 5 (headcount 6); beta mia + b1-b6 = 7; org-core 12; org-lab 9; acme 21.
        // alpha's 5 of 6 is a tail (mia, a person of beta this month, is in alpha's headcount): hidden. Every other
        // group is at 100 %, which singles nobody out, but a visible 100 % above alpha would pin it (a count cannot
        // pass its headcount), so beta, org-core, org-lab (for gamma and small) and acme are hidden as its covers.
        string[] monthHidden = [Hidden(Alpha, March, C), Hidden(Beta, March, C), .. LabTeams(null, March)];
        check.Series(await app.Factory.MetricValuesAsync("monthly_active_users_per_tool", Months),
            team: monthHidden,
            org: [Hidden(Core, March, C), Hidden(Lab, March, C)],
            company: [Hidden(Company, March, C)]);

        // Per tool: alpha Claude Code a1-a5 = 5, Codex a1, a2 = 2 -> hidden; beta Claude Code mia, b1,
        // b2, b3, b5, b6 = 6, Codex b1, b2, b4 = 3 -> hidden (few contributors: COMPLEMENTARY in teams of 5 or more). In {alpha; Claude Code, Codex} and {beta; Claude
        // Code, Codex} Codex is then the lone hidden value, so Claude Code is hidden as COMPLEMENTARY in both (the
        // totals 5 and 7 stay: people using two tools make the split no sum of the total anyway, but the rule
        // holds for every aggregation). gamma Claude Code COMPLEMENTARY, Codex 0; small BELOW_MIN.
        // org-core Claude Code 11 (everyone but b4), Codex 5; org-lab Claude Code 9, Codex 0; acme Claude Code 20,
        // Codex 5. Every group also has a point for AI Teammate, Kiro, MeshClaw and Pippin, which nobody used
        // in March: 0, small's BELOW_MIN.
        // Now: org-core's Claude Code 11 of 12 and acme's 20 of 21 are tails; org-lab's 9 of 9 covers gamma and
        // small; and the attacker's audit, with every people count above hidden, finds the Codex column (2 + 3 = 5
        // at org-core and acme, both teams hidden) too narrow for alpha's and beta's Codex cells: it hides
        // org-core's and acme's Codex 5 as well.
        check.Series(await app.Factory.MetricValuesAsync("monthly_active_users_per_tool", Months, ToolEvaluation, "tool"),
            team: EveryTool(0, Teams, InMarch,
            [
                Hidden(Alpha, March, C, CC), Hidden(Alpha, March, C, Codex), Hidden(Beta, March, C, CC), Hidden(Beta, March, C, Codex),
                Hidden(Gamma, March, C, CC), Point(Gamma, March, 0, Codex), Hidden(Small, March, B, CC), Hidden(Small, March, B, Codex),
            ]),
            org: EveryTool(0, Orgs, InMarch, [Hidden(Core, March, C, CC), Hidden(Core, March, C, Codex), Hidden(Lab, March, C, CC), Point(Lab, March, 0, Codex)]),
            company: EveryTool(0, Acme, InMarch, [Hidden(Company, March, C, CC), Hidden(Company, March, C, Codex)]));

        check.AssertAll();
    }

    [Fact]
    public async Task LicencesCountEveryoneHoldingOneDuringTheMonth()
    {
        var check = new GoldenCheck();

        // licensed_users: distinct people holding a licence in March (granted before April, not revoked before
        // March), each counted for ONE team: the membership overlapping March that started last
        // (docs/governed-reads.md, Attribution). mia holds her Claude Code licence all month and moved from alpha
        // (until 03-04) to beta (from 03-05): her licence counts for beta only. Counting her in both would let
        // alpha + beta − org-core say whether she holds a licence. a4's Codex licence (revoked 03-20) and g1's
        // Kiro licence (granted 02-20) are held in March, b6's Codex licence (revoked 02-15) is not.
        // Any tool: alpha a1-a5 = 5; beta b1-b6 + mia = 7; org-core 12; org-lab 9; acme 21.
        // As for monthly active users: alpha's 5 of 6 is a tail, and every 100 % above it would pin it: all hidden.
        string[] monthHidden = [Hidden(Alpha, March, C), Hidden(Beta, March, C), .. LabTeams(null, March)];
        check.Series(await app.Factory.MetricValuesAsync("licensed_users", Months),
            team: monthHidden,
            org: [Hidden(Core, March, C), Hidden(Lab, March, C)],
            company: [Hidden(Company, March, C)]);

        // Per tool (every group has a point for every configured tool; nobody holds AI Teammate, MeshClaw or
        // Pippin: 0, small's BELOW_MIN): alpha Claude Code 6, Codex a1-a4 = 4
        // -> BELOW_MIN; beta Claude Code 7, Codex b1-b4 = 4 -> BELOW_MIN; gamma Claude Code 5, Kiro g1 = 1 ->
        // BELOW_MIN ("one Kiro licence holder in the team" next to "no Kiro user" says what that one person did).
        // org-core Claude Code 12, Codex 8; org-lab Claude Code 9, Kiro 1 -> BELOW_MIN; acme Claude Code 21,
        // Codex 8, Kiro 1 -> BELOW_MIN.
        // Complementary: Codex is the lone hidden value of alpha and of beta -> their Claude Code COMPLEMENTARY;
        // gamma is hidden next to small (as for the totals) and gamma's Claude Code next to small's; Kiro is the
        // lone hidden value of org-lab (no Codex there) -> org-lab's Claude Code; and of acme -> acme's Claude Code
        // (Claude Code and Codex tie on people, 21, so the first value goes). {acme; org-core, org-lab} for Claude
        // Code then has two hidden members, and org-core's 12 and 8 stay. Nobody holds Kiro in core, nor Codex in
        // the lab: 0 (empty), small's BELOW_MIN.
        // Now: with a 1-holder Kiro cell in gamma, the Kiro zeros of alpha, beta and org-core would place that holder
        // in the lab (the zero pattern rule hides them), likewise the Codex zeros of the lab next to 4-holder Codex
        // cells in core; org-core's 12 of 12 and acme's 21 of 21 would pin the hidden team cells. Every cell of
        // Claude Code, Codex and Kiro is hidden; the tools nobody holds anywhere stay 0.
        string[] licenceCells(string group) => [Hidden(group, March, C, CC), Hidden(group, March, C, Codex), Hidden(group, March, C, Kiro)];
        check.Series(await app.Factory.MetricValuesAsync("licensed_users", Months, ToolEvaluation, "tool"),
            team: EveryTool(0, Teams, InMarch,
            [
                .. licenceCells(Alpha), .. licenceCells(Beta), .. licenceCells(Gamma),
                Hidden(Small, March, B, CC), Hidden(Small, March, B, Codex), Hidden(Small, March, B, Kiro),
            ]),
            org: EveryTool(0, Orgs, InMarch, [.. licenceCells(Core), .. licenceCells(Lab)]),
            company: EveryTool(0, Acme, InMarch, licenceCells(Company)));

        // licence_utilisation = active_ai_users (March) / licensed_users, hidden where an input is.
        // Any tool: alpha 5 / 5 = 1 (mia used a tool in alpha before her move, but as a person she counts for beta
        // in March, for her usage as for her licence; the ratio can still pass 1 for people using a tool without a
        // recorded licence); beta 7 / 7; gamma
        // both inputs COMPLEMENTARY; org-core 12 / 12; org-lab 9 / 9; acme 21 / 21.
        // Per tool (active users by tool as monthly_active_users_per_tool: alpha and beta Claude Code
        // COMPLEMENTARY, Codex BELOW_MIN; org-core Claude Code 11, Codex 5; org-lab 9; acme 20, 5): alpha and
        // beta Claude Code COMPLEMENTARY, Codex BELOW_MIN, Kiro 0 / 0 = null; gamma Claude Code COMPLEMENTARY,
        // Codex 0 / 0 = null, Kiro BELOW_MIN (licences); org-core Claude Code 11 / 12, Codex 5 / 8, Kiro null;
        // org-lab Claude Code COMPLEMENTARY (licences), Codex null, Kiro BELOW_MIN; acme Claude Code
        // COMPLEMENTARY (licences), Codex 5 / 8, Kiro BELOW_MIN. AI Teammate, MeshClaw and Pippin: 0 / 0 = null,
        // small's BELOW_MIN.
        // Now hidden wherever licensed_users is: everything but the tools nobody holds (0 / 0 = null).
        check.Series(await app.Factory.MetricValuesAsync("licence_utilisation", Months),
            team: monthHidden,
            org: [Hidden(Core, March, C), Hidden(Lab, March, C)],
            company: [Hidden(Company, March, C)]);
        check.Series(await app.Factory.MetricValuesAsync("licence_utilisation", Months, ToolEvaluation, "tool"),
            team: EveryTool(null, Teams, InMarch,
            [
                .. licenceCells(Alpha), .. licenceCells(Beta), .. licenceCells(Gamma),
                Hidden(Small, March, B, CC), Hidden(Small, March, B, Codex), Hidden(Small, March, B, Kiro),
            ]),
            org: EveryTool(null, Orgs, InMarch, [.. licenceCells(Core), .. licenceCells(Lab)]),
            company: EveryTool(null, Acme, InMarch, licenceCells(Company)));

        check.AssertAll();
    }

    [Fact]
    public async Task NpsNeedsFiveRespondents()
    {
        var check = new GoldenCheck();

        // engineer_nps_per_tool = 100 x (promoters 9-10 - detractors 0-6) / responses; all answers are about Claude Code.
        // alpha: 3 respondents -> hidden (COMPLEMENTARY: 6 people); beta (5 respondents) is then the lone visible
        // sibling in org-core -> COMPLEMENTARY.
        // org-core: 10 10 0 + 10 9 9 7 2 -> 5 promoters, 2 detractors of 8 -> 100 x 3 / 8 = 37.5.
        // org-lab: 9 8 6 5 10 + 10 10 10 4 -> 5 promoters, 3 detractors of 9 -> 100 x 2 / 9 = 22.22.
        // acme: 10 promoters, 5 detractors of 17 -> 100 x 5 / 17 = 29.41.
        // By tool the same for Claude Code; every other configured tool has no respondent anywhere: an NPS of
        // nobody is null, not hidden, in every group of 5 people or more; small's BELOW_MIN.
        string[] npsTeams = [Hidden(Alpha, March, C), Hidden(Beta, March, C), .. LabTeams(null, March)];
        check.Series(await app.Factory.MetricValuesAsync("engineer_nps_per_tool", Months),
            team: npsTeams,
            org: [Point(Core, March, 37.5), Point(Lab, March, 200.0 / 9)],
            company: [Point(Company, March, 500.0 / 17)]);
        check.Series(await app.Factory.MetricValuesAsync("engineer_nps_per_tool", Months, ToolEvaluation, "tool"),
            team: EveryTool(null, Teams, InMarch, [Hidden(Alpha, March, C, CC), Hidden(Beta, March, C, CC), .. LabTeams(CC, March)]),
            org: EveryTool(null, Orgs, InMarch, [Point(Core, March, 37.5, CC), Point(Lab, March, 200.0 / 9, CC)]),
            company: EveryTool(null, Acme, InMarch, [Point(Company, March, 500.0 / 17, CC)]));

        check.AssertAll();
    }

    [Fact]
    public async Task AskingForOneUnitHidesTheSameCells()
    {
        var check = new GoldenCheck();

        // Suppression is decided on the whole tree: gamma stays hidden as COMPLEMENTARY even when small is
        // not asked for, and beta's W2 tokens stay hidden when only org-core's teams are asked for.
        check.Points("total_tokens team-gamma TEAM", await app.Factory.ScopedValuesAsync("total_tokens", Gamma, "TEAM"),
            [Hidden(Gamma, W1, C), Hidden(Gamma, W2, C)]);
        check.Points("total_tokens org-core TEAM", await app.Factory.ScopedValuesAsync("total_tokens", Core, "TEAM"),
            [Point(Alpha, W1, 9600), Hidden(Alpha, W2, C), Point(Beta, W1, 9900), Hidden(Beta, W2, C)]);
        check.Points("total_tokens org-lab ORG", await app.Factory.ScopedValuesAsync("total_tokens", Lab, "ORG"),
            Weekly(Lab, 9600, 12600));

        check.AssertAll();
    }

    [Fact]
    public async Task PointsDescribeWholeIsoWeeksInTreeOrder()
    {
        var check = new GoldenCheck();

        // 03-04..03-10 snaps to the ISO weeks holding those days: W1 (03-02..03-08) and W2 (03-09..03-15).
        var snapped = await app.Factory.MetricValuesAsync("production_deployments", Weeks, from: "2026-03-04", to: "2026-03-10");
        check.Series(snapped,
            team: [.. Weekly(Alpha, 4, 3), .. Weekly(Beta, 2, 3), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 6, 6), .. Weekly(Lab, 2, 3)],
            company: Weekly(Company, 8, 9));

        var team = snapped.Team;
        check.Equal("metric", "production_deployments", team["metric"]?.GetValue<string>());
        check.Equal("version", 1, team["version"]?.GetValue<int>());
        check.Equal("grain", Weeks, team["grain"]?.GetValue<string>());
        check.Equal("groupBy", "TEAM", team["groupBy"]?.GetValue<string>());
        check.Equal("purpose", PortfolioReporting, team["purpose"]?.GetValue<string>());
        check.Equal("minGroupSize", 5, team["provenance"]?["minGroupSize"]?.GetValue<int>());
        check.Equal("policyVersion", 1, team["provenance"]?["policyVersion"]?.GetValue<int>());
        check.Equal("metricVersion", 1, team["provenance"]?["metricVersion"]?.GetValue<int>());

        var first = team["points"]![0]!;
        check.Equal("groupName", "Alpha", first["groupName"]?.GetValue<string>());
        check.Equal("groupLevel", "TEAM", first["groupLevel"]?.GetValue<string>());
        check.Equal("periodEnd", "2026-03-08", first["periodEnd"]?.GetValue<string>());
        check.Equal("complete", true, first["complete"]?.GetValue<bool>());
        check.Equal("dimensionValue", null, first["dimensionValue"]?.GetValue<string>());
        check.Equal("org level", "ORG", snapped.Org["points"]![0]!["groupLevel"]?.GetValue<string>());
        check.Equal("company level", "COMPANY", snapped.Company["points"]![0]!["groupLevel"]?.GetValue<string>());
        check.Equal("company name", "Acme", snapped.Company["points"]![0]!["groupName"]?.GetValue<string>());

        var month = await app.Factory.MetricValuesAsync("licensed_users", Months);
        check.Equal("month end", "2026-03-31", month.Company["points"]![0]!["periodEnd"]?.GetValue<string>());

        check.AssertAll();
    }

    /// <summary>
    /// deployments_per_engineer_weekly = production_deployments / headcount: alpha 4/6, 3/5; beta 2/7, 3/7;
    /// org-core 6/12, 6/12; org-lab 2/9, 3/9; acme 8/21, 9/21. Also the guardrail of every ACTIVITY and
    /// ADOPTION metric, served with the same values.
    /// </summary>
    private static void CheckDeploymentsPerEngineer(GoldenCheck check, GoldenSeries series) =>
        check.Series(series,
            team: [.. Weekly(Alpha, 4.0 / 6, 3.0 / 5), .. Weekly(Beta, 2.0 / 7, 3.0 / 7), .. LabTeams(null, W1, W2)],
            org: [.. Weekly(Core, 6.0 / 12, 6.0 / 12), .. Weekly(Lab, 2.0 / 9, 3.0 / 9)],
            company: Weekly(Company, 8.0 / 21, 9.0 / 21));

    /// <summary>
    /// Team cells of active_ai_users, total_tokens and value_deriving_events (and their per-active-user
    /// ratios) split by tool: every alpha and beta cell with users is hidden (reasons in the tests), gamma's
    /// Claude Code is hidden next to small, small's are all below k. Where nobody used Codex (W2, and gamma in
    /// W1) the point shows <paramref name="unused"/>: 0, or null for a ratio over nobody. Claude Code and Codex
    /// only: <see cref="GoldenCheck.EveryTool"/> adds the tools nobody used.
    /// </summary>
    private static string[] HiddenTeamToolCells(double? unused) =>
    [
        Hidden(Alpha, W1, C, CC), Hidden(Alpha, W1, C, Codex), Hidden(Alpha, W2, C, CC), Point(Alpha, W2, unused, Codex),
        Hidden(Beta, W1, C, CC), Hidden(Beta, W1, C, Codex), Hidden(Beta, W2, C, CC), Point(Beta, W2, unused, Codex),
        Hidden(Gamma, W1, C, CC), Point(Gamma, W1, unused, Codex), Hidden(Gamma, W2, C, CC), Point(Gamma, W2, unused, Codex),
        Hidden(Small, W1, B, CC), Hidden(Small, W1, B, Codex), Hidden(Small, W2, B, CC), Hidden(Small, W2, B, Codex),
    ];

    /// <summary>W1 and W2 hidden (COMPLEMENTARY) points of one group of at least 5 people.</summary>
    private static string[] WeeklyHidden(string group) => [Hidden(group, W1, C), Hidden(group, W2, C)];

    /// <summary>W1 and W2 of one group split by tool: Claude Code hidden, Codex as given.</summary>
    private static string[] ClaudeCodeHidden(string group, (double? W1, double? W2) codex) =>
        [Hidden(group, W1, C, CC), Point(group, W1, codex.W1, Codex), Hidden(group, W2, C, CC), Point(group, W2, codex.W2, Codex)];

    /// <summary>W1 and W2 points of one group split by tool: (Claude Code, Codex) of each week.</summary>
    private static string[] ByTool(string group, (double? ClaudeCode, double? Codex) w1, (double? ClaudeCode, double? Codex) w2) =>
        [Point(group, W1, w1.ClaudeCode, CC), Point(group, W1, w1.Codex, Codex), Point(group, W2, w2.ClaudeCode, CC), Point(group, W2, w2.Codex, Codex)];
}

public sealed class GoldenValueTestsOnSqlite(GoldenSqliteApp app) : GoldenValueTests(app), IClassFixture<GoldenSqliteApp>;

public sealed class GoldenValueTestsOnPostgreSql(GoldenPostgreSqlApp app) : GoldenValueTests(app), IClassFixture<GoldenPostgreSqlApp>;
