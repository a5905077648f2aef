using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Evaluation;

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
