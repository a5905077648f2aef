using Google.OrTools.LinearSolver;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Releases.Evaluate;
using Glop = Google.OrTools.LinearSolver.Solver;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// The attacker's audit against many random organisations (issue 11, done-when): a company of two or three
/// orgs of two to four teams of 1 to 12 people, each person using some of three tools, evaluated with the
/// product's disclosure control at k = 5; then an attacker's own GLOP model over everything the table
/// serves (visible values, zeros known to be zero, every tree and tool relation, headcounts, non-negativity)
/// asks how far each hidden cell can move. Every hidden cell must keep an interval that reaches its
/// protection level (10 % of its value, at least 1, within 0 and its headcount for people) on both sides.
/// Seeds are fixed, so a failure names the organisation that breaks it.
/// </summary>
public sealed class RandomTableAttackTests
{
    private static readonly DateOnly Week = new(2026, 3, 2);
    private static readonly PeriodRange Range = new(Grains.Week, [new Period(Week, Week.AddDays(7))]);
    private static readonly string[] Tools = ["codex", "kiro", "pippin"];

    private static readonly MetricDefinition ActivePeople = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople };
    private static readonly MetricDefinition Tokens = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.Sum, Field = "totalTokens" };

    /// <summary>1,500 organisations per quantity, in blocks of 150 seeds (a failure names its seed).</summary>
    public static TheoryData<int> Blocks()
    {
        var blocks = new TheoryData<int>();
        for (var block = 0; block < 10; block++)
        {
            blocks.Add(block);
        }

        return blocks;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void NoHiddenCountOfActivePeopleIsNarrowerThanItsProtection(int block) =>
        AssertProtected([.. Seeds(block).SelectMany(seed => Attack(seed, ActivePeople, people: true))]);

    [Theory]
    [MemberData(nameof(Blocks))]
    public void NoHiddenTokenSumIsNarrowerThanItsProtection(int block) =>
        AssertProtected([.. Seeds(block).SelectMany(seed => Attack(seed, Tokens, people: false))]);

    private static IEnumerable<int> Seeds(int block) => Enumerable.Range((block * 150) + 1, 150);

    private static void AssertProtected(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail(string.Join('\n', failures));
        }
    }

    /// <summary>Evaluates a random organisation's table and returns every hidden cell an attacker narrows below its protection.</summary>
    private static List<string> Attack(int seed, MetricDefinition metric, bool people)
    {
        var org = RandomOrganisation.Make(seed);
        var truth = org.Aggregates(people);
        var data = new RawData();
        foreach (var (unit, headcount) in org.Headcounts)
        {
            data.Headcounts[(unit, Week)] = headcount;
        }

        data.Metrics[Quantity.KeyOf(metric)] = truth.ToDictionary(t => t.Key, t => t.Value);
        var version = Version(metric);
        var table = new TableEvaluator(new OrgStructure(org.Units), data, Range, new Dictionary<string, MetricVersion> { ["m"] = version },
            Quantity.Of([version], _ => 5), _ => 5).Evaluate("m");

        // A zero of a group of at least k people is known (other quantities show it), and so is every cell with
        // no events inside it: "nobody in the org used pippin" is about at least k people, and says it of each team.
        bool KnownZero(CellKey key) => table.Find(key) is { Empty: true } cell && (cell.People >= 5 || !cell.Suppressed
            || (org.Units.Single(u => u.Id == key.Group).ParentId is { } parent && KnownZero(key with { Group = parent }))
            || (key.Dimension is not null && KnownZero(key.Total)));

        // The most a people count can be: its headcount, and no more than its children can hold (a known zero none).
        double Upper(CellKey key) => !people ? double.PositiveInfinity
            : Math.Min(table.Get(key).People, org.Units.Where(u => u.ParentId == key.Group).Select(u => key with { Group = u.Id })
                .Sum(child => KnownZero(child) ? 0 : Upper(child)) is var below && org.Units.Any(u => u.ParentId == key.Group) ? below : double.PositiveInfinity);

        using var solver = Glop.CreateSolver("GLOP")!;
        var vars = new Dictionary<CellKey, Variable>();
        foreach (var (key, cell) in table.Cells)
        {
            // What is served is fixed, and so are the zeros the attacker knows.
            var known = !cell.Suppressed || KnownZero(key);
            var value = cell.Empty ? 0 : cell.Value ?? 0;
            vars[key] = known ? solver.MakeNumVar(value, value, "") : solver.MakeNumVar(0, Upper(key), key.ToString());
        }

        foreach (var key in table.Cells.Keys)
        {
            var children = org.Units.Where(u => u.ParentId == key.Group).Select(u => key with { Group = u.Id }).ToList();
            if (children.Count > 0)
            {
                Relation(solver, 0, 0, (key, 1), [.. children.Select(c => (c, -1.0))], vars);
            }

            if (key.Dimension is null)
            {
                var tools = table.Cells.Keys.Where(c => c.Group == key.Group && c.Dimension is not null).ToList();
                if (people)
                {
                    // Distinct people: the total is at least any tool's and at most their sum.
                    tools.ForEach(t => Relation(solver, 0, double.PositiveInfinity, (key, 1), [(t, -1)], vars));
                    Relation(solver, 0, double.PositiveInfinity, (key, -1), [.. tools.Select(t => (t, 1.0))], vars);
                }
                else if (tools.Count > 0)
                {
                    Relation(solver, 0, 0, (key, 1), [.. tools.Select(t => (t, -1.0))], vars);
                }
            }
        }

        // The product's own audit agrees: nothing it left short of protection.
        var failures = table.ShortOfProtection.Select(c => $"seed {seed}: the audit left {c} short of protection").ToList();
        foreach (var (key, cell) in table.Cells)
        {
            if (!cell.Suppressed || KnownZero(key))
            {
                continue;
            }

            var value = truth.GetValueOrDefault(key)?.A ?? 0;
            var level = Math.Max(0.1 * value, 1);
            var (needLow, needHigh) = (Math.Max(0, value - level), Math.Min(Upper(key), value + level));
            var (min, max) = (Solve(solver, vars[key], false), Solve(solver, vars[key], true));
            if (min > needLow + 1e-6 || max < needHigh - 1e-6)
            {
                failures.Add($"seed {seed}: {key} = {value} of {cell.People} ({cell.Reason}) lies in [{min}, {max}], needs [{needLow}, {needHigh}]");
            }
        }

        return failures;
    }

    private static void Relation(Glop solver, double lower, double upper, (CellKey Cell, double Coefficient) first, List<(CellKey Cell, double Coefficient)> rest, Dictionary<CellKey, Variable> vars)
    {
        var constraint = solver.MakeConstraint(lower, upper);
        foreach (var (cell, coefficient) in rest.Prepend(first))
        {
            constraint.SetCoefficient(vars[cell], constraint.GetCoefficient(vars[cell]) + coefficient);
        }
    }

    /// <summary>
    /// The least or largest value of a cell. What was served comes from a real table, so the model is feasible:
    /// GLOP reports an unbounded maximum of an unbounded sum as INFEASIBLE at times, and that is +∞.
    /// </summary>
    private static double Solve(Glop solver, Variable target, bool maximise)
    {
        var objective = solver.Objective();
        objective.Clear();
        objective.SetCoefficient(target, 1);
        objective.SetOptimizationDirection(maximise);
        var status = solver.Solve();
        Assert.True(maximise || status == Glop.ResultStatus.OPTIMAL, $"the attacker's model is {status}");
        return status == Glop.ResultStatus.OPTIMAL ? objective.Value() : double.PositiveInfinity;
    }

    private static MetricVersion Version(MetricDefinition definition) => new()
    {
        MetricKey = "m",
        Number = 1,
        Status = MetricStatuses.Published,
        Name = "m",
        Description = "m",
        Kind = MetricKinds.Outcome,
        Unit = "u",
        Owner = "o",
        Steward = "s",
        AllowedPurposes = "TEAM_IMPROVEMENT",
        MinGroupSize = 5,
        Grains = Grains.Week,
        Dimensions = "tool",
        Definition = definition.ToJson(),
        AuthorId = "a",
        AuthorName = "a",
    };

    /// <summary>A random company: its units, headcounts, and what each person did with each tool in the week.</summary>
    private sealed class RandomOrganisation
    {
        public List<OrgNode> Units { get; } = [];

        public Dictionary<int, int> Headcounts { get; } = [];

        /// <summary>Per team: each member's tokens per tool (absent: the tool was not used).</summary>
        private readonly Dictionary<int, List<Dictionary<string, double>>> _members = [];

        public static RandomOrganisation Make(int seed)
        {
            var random = new Random(seed);
            var org = new RandomOrganisation();
            org.Units.Add(new OrgNode(1, "acme", "acme", "COMPANY", null, "/1/"));
            var next = 2;
            for (var o = random.Next(2, 4); o > 0; o--)
            {
                var orgId = next++;
                org.Units.Add(new OrgNode(orgId, "o" + orgId, "org " + orgId, "ORG", 1, $"/1/{orgId}/"));
                for (var t = random.Next(2, 5); t > 0; t--)
                {
                    var team = next++;
                    org.Units.Add(new OrgNode(team, "t" + team, "team " + team, "TEAM", orgId, $"/1/{orgId}/{team}/"));
                    var members = new List<Dictionary<string, double>>();
                    for (var m = random.Next(1, 13); m > 0; m--)
                    {
                        var usage = new Dictionary<string, double>();
                        if (random.NextDouble() < 0.75)
                        {
                            foreach (var (tool, share) in Tools.Zip(new[] { 0.8, 0.4, 0.1 }))
                            {
                                if (random.NextDouble() < share)
                                {
                                    usage[tool] = Math.Round(Math.Exp(random.NextDouble() * 8)) * 10;
                                }
                            }
                        }

                        members.Add(usage);
                    }

                    org._members[team] = members;
                }
            }

            foreach (var unit in org.Units)
            {
                org.Headcounts[unit.Id] = org.TeamsBelow(unit.Id).Sum(t => org._members[t].Count);
            }

            return org;
        }

        private IEnumerable<int> TeamsBelow(int unit) => _members.ContainsKey(unit) ? [unit]
            : Units.Where(u => u.ParentId == unit).SelectMany(u => TeamsBelow(u.Id));

        /// <summary>What the database would return: per unit, for the total and each tool, events, contributors, the quantity and the two largest contributions.</summary>
        public Dictionary<CellKey, RawAggregate> Aggregates(bool people)
        {
            var cells = new Dictionary<CellKey, RawAggregate>();
            foreach (var unit in Units)
            {
                var members = TeamsBelow(unit.Id).SelectMany(t => _members[t]).ToList();
                foreach (var tool in Tools.Prepend(null))
                {
                    var contributions = members.Select(m => tool is null ? m.Values.Sum() : m.GetValueOrDefault(tool)).Where(v => v > 0).OrderDescending().ToList();
                    if (contributions.Count == 0)
                    {
                        continue;
                    }

                    var events = tool is null ? members.Sum(m => m.Count) : contributions.Count;
                    var a = people ? contributions.Count : contributions.Sum();
                    cells[new CellKey(unit.Id, Week, tool is null ? null : "tool", tool)] = new RawAggregate(events, contributions.Count, a, null,
                        contributions[0], contributions.Count > 1 ? contributions[1] : 0);
                }
            }

            return cells;
        }
    }
}
