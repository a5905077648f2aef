using System.Text.Json.Nodes;
using Google.OrTools.LinearSolver;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Glop = Google.OrTools.LinearSolver.Solver;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Month against its weeks (issue 11: relations between grains), written as an Analyst would attack:
/// read every week overlapping March and March itself, hand everything served to a solver of our own
/// (GLOP, built here, not the product's model), and ask how far the hidden March cell of team-p can be
/// pinned.
/// </summary>
public abstract class CrossGrainAttackTests(DatabaseKind kind)
{
    // org-o: team-p (12 people), team-q (20 people); k = 5.
    //   team-p: p1..p5 active in the week of 2 March, p5..p9 in the week of 9 March: every week visible
    //           (5 of 12), March 9 of 12 -> hidden (3 did not use AI: a tail).
    //   team-q: q1..q7 active in the week of 16 March only: every week visible (7 or 0 of 20), March 7 of 20.
    //   org-o shows 16 in March, so team-q's March is the cover of team-p's. But team-q's weeks say
    //   March is at least 7 (its week of 16 March) and at most 7 (the sum of its six overlapping weeks):
    //   team-q = 7 exactly, team-p = 16 - 7 = 9. The month's audit must see what the weeks say.
    private static readonly Dictionary<string, int> Teams = new() { ["team-p"] = 12, ["team-q"] = 20 };
    private static readonly string[] Weeks = ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"];

    [Fact]
    public async Task AHiddenMonthIsNotPinnedByTheWeeksAroundIt()
    {
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        var events = Organisation();
        var n = 0;

        void Use(string team, int member, string day) =>
            events.Add(TestEvents.AiUsage($"u-{n++}", person: Member(team, member)).With("occurredAt", day + "T10:00:00Z"));
        for (var i = 1; i <= 5; i++)
        {
            Use("team-p", i, "2026-03-03");
        }

        for (var i = 5; i <= 9; i++)
        {
            Use("team-p", i, "2026-03-10");
        }

        for (var i = 1; i <= 7; i++)
        {
            Use("team-q", i, "2026-03-17");
        }

        var load = await app.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(load.Status == 200 && load.Rejected == 0, load.ToString());
        await app.BuildReleasesAsync();

        // Everything an Analyst can read about active people around March, at every level.
        var analyst = app.ClientFor("ana", "Analyst");
        var week = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "WEEK", Weeks[0], "2026-04-05");
        var month = new ValuesRequest("active_ai_users", "TOOL_EVALUATION", "MONTH", "2026-03-01", "2026-03-31");
        var response = await analyst.PostGraphQLAsync("{ " + string.Join(" ", new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(level => new[]
        {
            (week with { GroupBy = level }).Field("w" + level),
            (month with { GroupBy = level }).Field("m" + level),
        })) + " }");
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        var weeks = new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => response.Series("w" + l).Points()).ToList();
        var months = new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => response.Series("m" + l).Points()).ToList();
        var target = months.Single(p => p.GroupId == "team-p");
        Assert.True(target.Suppressed, response.ToString());

        var (min, max) = Attack(weeks, months, "team-p");

        // Protection: 10 % of 9, at least one person, either side.
        Assert.True(min <= 8 + 1e-6 && max >= 10 - 1e-6,
            $"team-p's hidden March (9) is pinned to [{min}, {max}] by March and its weeks. Served: {string.Join("; ", months.Concat(weeks).Select(p => $"{p.GroupId} {p.PeriodStart} {(p.Suppressed ? "hidden" : p.Value)}"))}");
    }

    [Fact]
    public async Task AVisibleMonthDoesNotPinAHiddenWeekInsideIt()
    {
        // team-p: p1..p9 active in the week of 9 March (9 of 12: a tail, hidden), p10..p12 in the week of
        // 16 March (3 of 12: few, hidden). team-q: q1..q6 active in the week of 9 March only, so its 6 is
        // that week's cover. In March team-p shows 12 of 12 and team-q 6 of 20: served as they are,
        // team-q's week of 9 March is at most its March (6) and at least its March less its other weeks
        // (all 0): 6 exactly, and org − 6 gives team-p's 9.
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        var events = Organisation();

        for (var i = 1; i <= 12; i++)
        {
            events.Add(TestEvents.AiUsage($"u-{i}", person: Member("team-p", i)).With("occurredAt", (i <= 9 ? "2026-03-10" : "2026-03-17") + "T10:00:00Z"));
        }

        for (var i = 1; i <= 6; i++)
        {
            events.Add(TestEvents.AiUsage($"q-{i}", person: Member("team-q", i)).With("occurredAt", "2026-03-11T10:00:00Z"));
        }

        var load = await app.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(load.Status == 200 && load.Rejected == 0, load.ToString());
        await app.BuildReleasesAsync();
        var (weeks, months) = await ReadAroundMarchAsync(app);
        Assert.True(weeks.Single(p => p.GroupId == "team-p" && p.PeriodStart == "2026-03-09").Suppressed);

        var (min, max) = Attack(weeks, months, ("team-p", "2026-03-09"));

        Assert.True(min <= 8 + 1e-6 && max >= 10 - 1e-6,
            $"team-p's hidden week of 9 March (9) is pinned to [{min}, {max}]. Served: {string.Join("; ", months.Concat(weeks).Select(p => $"{p.GroupId} {p.PeriodStart} {(p.Suppressed ? "hidden" : p.Value)}"))}");
    }

    [Fact]
    public async Task AWeekReleasedAfterItsMonthIsAuditedAgainstIt()
    {
        // The same people as above, with access to Kiro (licensed_users, a monthly metric) instead of use: team-p's
        // p1..p9 hold access in the week of 9 March only, p10..p12 in the week of 16 March; team-q's q1..q6 in the
        // week of 9 March. March is released first (12 of 12 and 6 of 20, both shown). Then a steward publishes a
        // weekly metric of the same people: its weeks are built after March, and team-q's hidden week of 9 March is
        // at most its March (6), so org − 6 would give team-p's 9 unless the week's audit holds March.
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        var events = Organisation();

        JsonObject Access(string id, string person, string from, string to) =>
            TestEvents.ToolAccess(id, person: person).With("grantedAt", from + "T09:00:00Z").With("revokedAt", to + "T09:00:00Z");
        for (var i = 1; i <= 12; i++)
        {
            events.Add(i <= 9 ? Access($"a-{i}", Member("team-p", i), "2026-03-09", "2026-03-14") : Access($"a-{i}", Member("team-p", i), "2026-03-16", "2026-03-21"));
        }

        for (var i = 1; i <= 6; i++)
        {
            events.Add(Access($"b-{i}", Member("team-q", i), "2026-03-10", "2026-03-13"));
        }

        var load = await app.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(load.Status == 200 && load.Rejected == 0, load.ToString());
        await app.BuildReleasesAsync();
        await Publish.ReleaseHistoryData.PublishCopyAsync(app, "licensed_users_weekly", new JsonObject { ["source"] = "tool_access", ["aggregation"] = "DISTINCT_PEOPLE" });
        await app.BuildReleasesAsync();

        var (weeks, months) = await ReadAroundMarchAsync(app, "licensed_users_weekly", "licensed_users");
        Assert.True(months.Single(p => p.GroupId == "team-q").Value == 6, "team-q's March is shown: " + string.Join("; ", months.Select(p => $"{p.GroupId} {(p.Suppressed ? "hidden" : p.Value)}")));
        Assert.True(weeks.Single(p => p.GroupId == "team-p" && p.PeriodStart == "2026-03-09").Suppressed);

        var (min, max) = Attack(weeks, months, ("team-p", "2026-03-09"));

        Assert.True(min <= 8 + 1e-6 && max >= 10 - 1e-6,
            $"team-p's hidden week of 9 March (9) is pinned to [{min}, {max}]. Served: {string.Join("; ", months.Concat(weeks).Select(p => $"{p.GroupId} {p.PeriodStart} {(p.Suppressed ? "hidden" : p.Value)}"))}");
    }

    /// <summary>acme ─ org-o ─ team-p, team-q with their members since January.</summary>
    private static List<JsonObject> Organisation()
    {
        var events = new List<JsonObject> { TestEvents.OrgUnit("acme", "COMPANY", null), TestEvents.OrgUnit("org-o", "ORG", "acme") };
        foreach (var (team, people) in Teams)
        {
            events.Add(TestEvents.OrgUnit(team, "TEAM", "org-o"));
            for (var i = 1; i <= people; i++)
            {
                events.Add(TestEvents.Membership($"m-{team}-{i}", person: Member(team, i), team: team, validFrom: "2026-01-01"));
            }
        }

        return events;
    }

    private static async Task<(List<ValuePoint> Weeks, List<ValuePoint> Months)> ReadAroundMarchAsync(MetricsApiFactory app,
        string weekly = "active_ai_users", string monthly = "active_ai_users")
    {
        var week = new ValuesRequest(weekly, "TOOL_EVALUATION", "WEEK", Weeks[0], "2026-04-05");
        var month = new ValuesRequest(monthly, "TOOL_EVALUATION", "MONTH", "2026-03-01", "2026-03-31");
        var response = await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + string.Join(" ", new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(level => new[]
        {
            (week with { GroupBy = level }).Field("w" + level),
            (month with { GroupBy = level }).Field("m" + level),
        })) + " }");
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return ([.. new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => response.Series("w" + l).Points())],
            [.. new[] { "TEAM", "ORG", "COMPANY" }.SelectMany(l => response.Series("m" + l).Points())]);
    }

    /// <summary>
    /// The attacker's joint model of both grains: every week and month cell of every group a variable
    /// (served ones fixed, hidden ones within the group's headcount), parents the sums of their children
    /// in every period (distinct people, one team each), and each group's March at least any of its weeks
    /// inside March and at most the sum of the six weeks overlapping it.
    /// </summary>
    private static (double Min, double Max) Attack(IReadOnlyList<ValuePoint> weeks, IReadOnlyList<ValuePoint> months, (string Group, string Period) target)
    {
        using var solver = Glop.CreateSolver("GLOP")!;
        var headcount = new Dictionary<string, double> { ["team-p"] = 12, ["team-q"] = 20, ["org-o"] = 32, ["acme"] = 32 };
        var periods = Weeks.Append("2026-03-01").ToList();
        var vars = new Dictionary<(string, string), Variable>();
        foreach (var group in headcount.Keys)
        {
            foreach (var period in periods)
            {
                var served = (period == "2026-03-01" ? months : weeks).SingleOrDefault(p => p.GroupId == group && p.PeriodStart == period);
                vars[(group, period)] = served is { Suppressed: false, Value: { } v } ? solver.MakeNumVar(v, v, "") : solver.MakeNumVar(0, headcount[group], "");
            }
        }

        foreach (var period in periods)
        {
            var org = solver.MakeConstraint(0, 0);
            org.SetCoefficient(vars[("org-o", period)], 1);
            org.SetCoefficient(vars[("team-p", period)], -1);
            org.SetCoefficient(vars[("team-q", period)], -1);
            var company = solver.MakeConstraint(0, 0);
            company.SetCoefficient(vars[("acme", period)], 1);
            company.SetCoefficient(vars[("org-o", period)], -1);
        }

        foreach (var group in headcount.Keys)
        {
            var sum = solver.MakeConstraint(0, double.PositiveInfinity);
            sum.SetCoefficient(vars[(group, "2026-03-01")], -1);
            foreach (var w in Weeks)
            {
                sum.SetCoefficient(vars[(group, w)], 1);
                if (string.CompareOrdinal(w, "2026-03-02") >= 0 && string.CompareOrdinal(w, "2026-03-23") <= 0)
                {
                    var atLeast = solver.MakeConstraint(0, double.PositiveInfinity);
                    atLeast.SetCoefficient(vars[(group, "2026-03-01")], 1);
                    atLeast.SetCoefficient(vars[(group, w)], -1);
                }
            }
        }

        return Interval(solver, vars[target]);
    }

    /// <summary>
    /// The attacker's own model: every month cell a variable (served ones fixed), teams within their
    /// headcount, parents the sums of their children (distinct people, one team each), and each team's
    /// month at least any week inside March and at most the sum of the six weeks overlapping it (a
    /// hidden week counts up to its headcount).
    /// </summary>
    private static (double Min, double Max) Attack(IReadOnlyList<ValuePoint> weeks, IReadOnlyList<ValuePoint> months, string target)
    {
        using var solver = Glop.CreateSolver("GLOP")!;
        var headcount = new Dictionary<string, double> { ["team-p"] = 12, ["team-q"] = 20, ["org-o"] = 32, ["acme"] = 32 };
        var vars = headcount.ToDictionary(h => h.Key, h =>
        {
            var served = months.SingleOrDefault(p => p.GroupId == h.Key);
            return served is { Suppressed: false, Value: { } v } ? solver.MakeNumVar(v, v, h.Key) : solver.MakeNumVar(0, h.Value, h.Key);
        });
        Constraint Equal() => solver.MakeConstraint(0, 0);
        var org = Equal();
        org.SetCoefficient(vars["org-o"], 1);
        org.SetCoefficient(vars["team-p"], -1);
        org.SetCoefficient(vars["team-q"], -1);
        var company = Equal();
        company.SetCoefficient(vars["acme"], 1);
        company.SetCoefficient(vars["org-o"], -1);
        foreach (var group in headcount.Keys)
        {
            var served = weeks.Where(p => p.GroupId == group).ToDictionary(p => p.PeriodStart);
            var upper = 0.0;
            foreach (var w in Weeks)
            {
                var value = served.TryGetValue(w, out var point) && !point.Suppressed ? point.Value : null;
                upper += value ?? headcount[group];
                if (value is { } known && string.CompareOrdinal(w, "2026-03-02") >= 0 && string.CompareOrdinal(w, "2026-03-23") <= 0)
                {
                    solver.MakeConstraint(known, double.PositiveInfinity).SetCoefficient(vars[group], 1);
                }
            }

            solver.MakeConstraint(double.NegativeInfinity, upper).SetCoefficient(vars[group], 1);
        }

        return Interval(solver, vars[target]);
    }

    /// <summary>The least and largest value of a cell in the attacker's model (people are bounded, so both are optimal).</summary>
    private static (double Min, double Max) Interval(Glop solver, Variable target)
    {
        double Solve(bool maximise)
        {
            var objective = solver.Objective();
            objective.Clear();
            objective.SetCoefficient(target, 1);
            objective.SetOptimizationDirection(maximise);
            Assert.Equal(Glop.ResultStatus.OPTIMAL, solver.Solve());
            return objective.Value();
        }

        return (Solve(false), Solve(true));
    }

    private static string Member(string team, int i) => $"{team}-{i}@acme.example";
}

public sealed class CrossGrainAttackTestsOnSqlite() : CrossGrainAttackTests(DatabaseKind.Sqlite);

public sealed class CrossGrainAttackTestsOnPostgreSql() : CrossGrainAttackTests(DatabaseKind.PostgreSql);
