using Google.OrTools.LinearSolver;
using MetricsApi.Releases.Evaluate;
using Glop = Google.OrTools.LinearSolver.Solver;

namespace MetricsApi.Tests.Releases.Attack;

/// <summary>
/// The attack tests' own solver (GLOP, built here from what was served, not the product's model): every cell of
/// every table read a variable, served values fixed, zeros the attacker knows fixed at 0, hidden cells between 0
/// and what they can hold; parents the sums of their children, a total the sum of its tools (tokens) or between
/// its largest tool and their sum (people); and for a month, each cell at least any week inside it (people) or
/// their sum (tokens) and at most the sum of the weeks overlapping it. A tool a period's table does not list was
/// used by nobody in it: 0. Then the least and largest value of every hidden cell.
/// </summary>
internal static class Attacker
{
    private const int K = 5;

    /// <summary>Block numbers 0 … <paramref name="count"/> − 1 for a theory over random organisations (each block a range of seeds, so a failure names its seed).</summary>
    public static TheoryData<int> Blocks(int count) => [.. Enumerable.Range(0, count)];

    /// <summary>Every hidden cell narrowed below its protection (10 % of its value, at least 1, within what it can hold), and every cell the product's audit left short.</summary>
    public static List<string> Attack(string name, RandomOrganisation org, bool people,
        IReadOnlyList<(MetricTable Table, Dictionary<CellKey, RawAggregate> Truth)> tables, DateOnly? month)
    {
        var cells = tables.SelectMany(t => t.Table.Cells).ToDictionary(c => c.Key, c => c.Value);
        var truth = tables.SelectMany(t => t.Truth).ToDictionary(c => c.Key, c => c.Value.A ?? 0);

        // A zero of a group of at least k people is known (other quantities show it), and so is every cell with
        // no events inside it: "nobody in the org used pippin" is about at least k people, and says it of each team.
        bool KnownZero(CellKey key) => cells.TryGetValue(key, out var cell) && cell.Empty && (cell.People >= K || !cell.Suppressed
            || (org.Parent(key.Group) is { } parent && KnownZero(key with { Group = parent }))
            || (key.Dimension is not null && KnownZero(key.Total)));

        // The most a people count can be: its headcount, and no more than its children can hold (a known zero none).
        double Upper(CellKey key)
        {
            if (!people)
            {
                return double.PositiveInfinity;
            }

            var children = org.Children(key.Group).Select(c => key with { Group = c }).ToList();
            return Math.Min(cells[key].People, children.Count == 0 ? double.PositiveInfinity : children.Sum(c => KnownZero(c) ? 0 : Upper(c)));
        }

        using var solver = Glop.CreateSolver("GLOP")!;
        var vars = new Dictionary<CellKey, Variable>();
        foreach (var (key, cell) in cells)
        {
            var known = !cell.Suppressed || KnownZero(key);
            var value = cell.Empty ? 0 : cell.Value ?? 0;
            vars[key] = known ? solver.MakeNumVar(value, value, "") : solver.MakeNumVar(0, Upper(key), key.ToString());
        }

        void Relation(double lower, double upper, IEnumerable<(CellKey Cell, double Coefficient)> terms)
        {
            var constraint = solver.MakeConstraint(lower, upper);
            foreach (var (cell, coefficient) in terms)
            {
                // A cell a table does not list is a tool nobody used in the period: 0.
                if (vars.TryGetValue(cell, out var variable))
                {
                    constraint.SetCoefficient(variable, constraint.GetCoefficient(variable) + coefficient);
                }
            }
        }

        var toolsOf = cells.Keys.Where(c => c.Dimension is not null).ToLookup(c => (c.Group, c.Period));
        foreach (var key in cells.Keys)
        {
            var children = org.Children(key.Group).Select(c => key with { Group = c }).ToList();
            if (children.Count > 0)
            {
                Relation(0, 0, [(key, 1), .. children.Select(c => (c, -1.0))]);
            }

            if (key.Dimension is null)
            {
                var tools = toolsOf[(key.Group, key.Period)].ToList();
                if (people)
                {
                    tools.ForEach(t => Relation(0, double.PositiveInfinity, [(key, 1), (t, -1)]));
                    Relation(0, double.PositiveInfinity, [(key, -1), .. tools.Select(t => (t, 1.0))]);
                }
                else if (tools.Count > 0)
                {
                    Relation(0, 0, [(key, 1), .. tools.Select(t => (t, -1.0))]);
                }
            }

            if (month is { } m && key.Period == m)
            {
                var overlapping = PeriodRange.WeeksOverlapping(m).Select(w => key with { Period = w }).ToList();
                var inside = overlapping.Where(w => PeriodRange.WeekInside(w.Period, m)).ToList();
                if (people)
                {
                    inside.ForEach(w => Relation(0, double.PositiveInfinity, [(key, 1), (w, -1)]));
                }
                else
                {
                    Relation(0, double.PositiveInfinity, [(key, 1), .. inside.Select(w => (w, -1.0))]);
                }

                Relation(0, double.PositiveInfinity, [(key, -1), .. overlapping.Select(w => (w, 1.0))]);
            }
        }

        var failures = tables.SelectMany(t => t.Table.ShortOfProtection).Select(c => $"{name}: the audit left {c} short of protection").ToList();
        var targets = new List<(CellKey Key, double Value, double Low, double High)>();
        foreach (var (key, cell) in cells)
        {
            var value = truth.GetValueOrDefault(key);
            if (!cell.Suppressed || KnownZero(key) || (people && cell.People >= K && (value == 0 || value == cell.People)))
            {
                // Served, known, or none or all of at least k people: 0 % and 100 % single nobody out (the tails rule
                // shows them), so pinning one tells nothing about a person. The product's audit still protects them.
                continue;
            }

            var level = Math.Max(0.1 * value, 1);
            targets.Add((key, value, Math.Max(0, value - level), Math.Min(Upper(key), value + level)));
        }

        // Any solution of the model is a table the attacker cannot rule out: a cell at or below its needed low end in
        // one (at or above its high end in another) reaches that end. Solutions that push many cells at once (all down,
        // all up within their needed high end, then random sides) witness most ends; the rest are solved one by one,
        // exactly, and every solution found on the way witnesses what it can.
        var (low, high) = (new HashSet<CellKey>(), new HashSet<CellKey>());
        void Witness(Func<CellKey, double> solution)
        {
            foreach (var target in targets)
            {
                var x = solution(target.Key);
                if (x <= target.Low + 1e-6)
                {
                    low.Add(target.Key);
                }

                if (x >= target.High - 1e-6)
                {
                    high.Add(target.Key);
                }
            }
        }

        var random = new Random(7);
        for (var round = 0; round < 6 && targets.Count > 0; round++)
        {
            var signs = targets.ToDictionary(t => t.Key, _ => round switch { 0 => -1, 1 => 1, _ => random.Next(2) * 2 - 1 });
            var solution = Push(solver, vars, targets.Select(t => (t.Key, t.High, signs[t.Key])).ToList());
            Witness(key => solution[key]);
        }

        foreach (var (key, value, needLow, needHigh) in targets)
        {
            var min = low.Contains(key) ? needLow : Solve(solver, vars[key], false);
            if (!low.Contains(key))
            {
                Witness(key => vars[key].SolutionValue());
            }

            var max = high.Contains(key) ? needHigh : Solve(solver, vars[key], true);
            if (!high.Contains(key) && !double.IsPositiveInfinity(max))
            {
                Witness(key => vars[key].SolutionValue());
            }

            if (min > needLow + 1e-6 || max < needHigh - 1e-6)
            {
                var cell = cells[key];
                failures.Add($"{name}: {key} = {value} of {cell.People} ({cell.Reason}{(cell.Cover ? ", cover" : "")}) lies in [{min}, {max}], needs [{needLow}, {needHigh}]");
            }
        }

        return failures;
    }

    /// <summary>
    /// One solution pushing every target to a side (-1 down, +1 up); a target pushed up is held at its needed high end,
    /// so the problem stays bounded, and a solution of the held problem is one of the whole.
    /// </summary>
    private static Dictionary<CellKey, double> Push(Glop solver, Dictionary<CellKey, Variable> vars, List<(CellKey Key, double High, int Sign)> targets)
    {
        var objective = solver.Objective();
        objective.Clear();
        var held = new List<(Variable Variable, double Upper)>();
        foreach (var (key, high, sign) in targets)
        {
            var variable = vars[key];
            objective.SetCoefficient(variable, sign);
            if (sign > 0 && variable.Ub() > high)
            {
                held.Add((variable, variable.Ub()));
                variable.SetUb(high);
            }
        }

        objective.SetMaximization();
        var status = solver.Solve();
        Assert.True(status == Glop.ResultStatus.OPTIMAL, $"the attacker's pushed model is {status}");
        // Read before the bounds go back (the solution of a changed model is not available).
        var values = targets.ToDictionary(t => t.Key, t => vars[t.Key].SolutionValue());
        foreach (var (variable, upper) in held)
        {
            variable.SetUb(upper);
        }

        return values;
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
}
