using Google.OrTools.LinearSolver;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// What an attacker can derive about every unknown cell, the way τ-ARGUS and sdcTable's <c>attack()</c>
/// check a suppression pattern: for each unknown, its least and largest value over everything known
/// (served values, bounds, linear relations), by linear programming (GLOP). The model is split into
/// independent components (unknowns linked by relations), so each problem stays small; a component's
/// problem is built once and solved twice per unknown with a new objective (warm start).
/// </summary>
public static class AttackerAudit
{
    /// <summary>
    /// The interval of every unknown sensitive cell; an infeasible component (inconsistent data) yields
    /// no intervals for its cells. With <paramref name="enough"/> (the least interval a cell needs, below
    /// and above), a bound is not solved for once some solution already reached it: every optimum
    /// found is a feasible table, so its values of the other cells are values an attacker cannot rule
    /// out. The intervals are then exact only where they fall short, which is all the protection test
    /// needs, and most cells of a large table are settled by the solutions of their neighbours.
    /// </summary>
    /// <param name="model">Everything the attacker knows.</param>
    /// <param name="enough">The least interval a cell needs (null: exact intervals).</param>
    /// <param name="settled">Cells already known to reach their level (<paramref name="enough"/>): the audit runs again after
    /// every round of covers, and hiding more only widens what an attacker can derive, so a cell that reached its level once
    /// keeps it. They stay in the problem but are not solved for, nor returned.</param>
    public static Dictionary<CellKey, (double Min, double Max)> Intervals(AttackModel model, Func<AttackCell, (double Low, double High)>? enough = null,
        Func<CellKey, bool>? settled = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var unknown = model.Cells.Values.Where(c => !c.Known).Select(c => c.Key).ToList();
        var intervals = new Dictionary<CellKey, (double, double)>();
        if (unknown.Count == 0)
        {
            return intervals;
        }

        // Relations in terms of unknowns only: known cells fold into the bounds.
        var folded = new List<Folded>();
        foreach (var relation in model.Relations)
        {
            var constant = 0.0;
            var terms = new List<(CellKey Cell, double Coefficient)>();
            foreach (var (cell, coefficient) in relation.Terms)
            {
                if (model.Cells.TryGetValue(cell, out var c) && !c.Known)
                {
                    terms.Add((cell, coefficient));
                }
                else
                {
                    constant += coefficient * (c?.Value ?? 0);
                }
            }

            if (terms.Count > 0)
            {
                folded.Add(new Folded(terms, relation.Lower - constant, relation.Upper - constant));
            }
        }

        foreach (var component in Components(unknown, folded))
        {
            var open = component.Cells.Where(k => model.Cells[k].Sensitive && settled?.Invoke(k) != true).ToList();
            if (open.Count > 0)
            {
                Solve(model, component.Cells, open, component.Relations, intervals, enough);
            }
        }

        return intervals;
    }

    private static void Solve(AttackModel model, List<CellKey> cells, List<CellKey> sensitive, List<Folded> relations,
        Dictionary<CellKey, (double, double)> intervals, Func<AttackCell, (double Low, double High)>? enough)
    {
        if (relations.Count == 0)
        {
            // Nothing links these cells to anything: only their bounds.
            foreach (var key in sensitive)
            {
                intervals[key] = (model.Cells[key].Lower, model.Cells[key].Upper);
            }

            return;
        }

        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("The GLOP solver is not available.");
        var variables = new Dictionary<CellKey, Variable>();
        foreach (var key in cells)
        {
            var cell = model.Cells[key];
            variables[key] = solver.MakeNumVar(cell.Lower, double.IsPositiveInfinity(cell.Upper) ? double.PositiveInfinity : cell.Upper, "");
        }

        foreach (var (terms, lower, upper) in relations)
        {
            var constraint = solver.MakeConstraint(double.IsNegativeInfinity(lower) ? double.NegativeInfinity : lower, double.IsPositiveInfinity(upper) ? double.PositiveInfinity : upper);
            foreach (var (cell, coefficient) in terms)
            {
                constraint.SetCoefficient(variables[cell], constraint.GetCoefficient(variables[cell]) + coefficient);
            }
        }

        var objective = solver.Objective();
        // The least and largest value each sensitive cell took in the optima found so far (the served
        // table itself is one feasible solution).
        var seen = sensitive.ToDictionary(k => k, k => (Min: model.Cells[k].Value, Max: model.Cells[k].Value));
        void Observe()
        {
            foreach (var other in sensitive)
            {
                var value = variables[other].SolutionValue();
                var (min, max) = seen[other];
                seen[other] = (Math.Min(min, value), Math.Max(max, value));
            }
        }

        // Solves with the given cells held within what they need (only whether a cell reaches its level matters: solved
        // no further, the problem stays bounded even for a hidden sum with no upper bound anywhere); what the optimum
        // tells is read before the bounds are put back, since a changed model has no solution to read.
        (Solver.ResultStatus Status, double Value) SolveWithin(List<CellKey> held, bool upwards, Func<CellKey, (double Low, double High)>? need)
        {
            foreach (var key in need is null ? [] : held)
            {
                var variable = variables[key];
                variable.SetBounds(upwards ? variable.Lb() : Math.Max(variable.Lb(), need!(key).Low), upwards ? Math.Min(variable.Ub(), need!(key).High) : variable.Ub());
            }

            var status = solver.Solve();
            var value = status == Solver.ResultStatus.OPTIMAL ? objective.Value() : double.NaN;
            if (status == Solver.ResultStatus.OPTIMAL && enough is not null)
            {
                Observe();
            }

            foreach (var key in need is null ? [] : held)
            {
                var cell = model.Cells[key];
                variables[key].SetBounds(cell.Lower, double.IsPositiveInfinity(cell.Upper) ? double.PositiveInfinity : cell.Upper);
            }

            return (status, value);
        }

        if (enough is not null && sensitive.Count > 1)
        {
            // Push every cell that still needs it at once: one optimum settles many cells, so few are left to solve for
            // one by one. First every open cell up, then down, then every cell (settled ones too, to make room) to a
            // random side: within a set whose total is served, pushing every member the same way moves none of them (the
            // objective is flat), while opposite signs move half up and half down. Rounds go on while they keep settling
            // cells. The random sides are seeded, so a table's audit is the same every time.
            var needs = sensitive.ToDictionary(k => k, k => enough(model.Cells[k]));
            bool Up(CellKey k) => seen[k].Max < needs[k].High - Tolerance;
            bool Down(CellKey k) => seen[k].Min > needs[k].Low + Tolerance;
            int Open() => sensitive.Count(Up) + sensitive.Count(Down);
            var random = new Random(11);
            var open = Open();
            for (var round = 0; round < 12 && open > 1; round++)
            {
                objective.Clear();
                var held = new List<CellKey>();
                foreach (var key in round < 2 ? sensitive.Where(k => Up(k) || Down(k)) : sensitive)
                {
                    var upwards = round switch { 0 => Up(key), 1 => !Down(key), _ => random.Next(2) == 0 };
                    objective.SetCoefficient(variables[key], upwards ? 1 : -1);
                    if (upwards && double.IsPositiveInfinity(model.Cells[key].Upper))
                    {
                        // Held at its level, or it would make the push unbounded. Cells with bounds of their own are not:
                        // a hidden parent held at its level would keep its children from reaching theirs.
                        held.Add(key);
                    }
                }

                objective.SetMaximization();
                if (SolveWithin(held, upwards: true, k => needs[k]).Status != Solver.ResultStatus.OPTIMAL)
                {
                    break;
                }

                var still = Open();
                if (round >= 3 && still > open * 9 / 10)
                {
                    break;
                }

                open = still;
            }
        }

        foreach (var key in sensitive)
        {
            var need = enough?.Invoke(model.Cells[key]);
            double Bound(bool maximise)
            {
                objective.Clear();
                objective.SetCoefficient(variables[key], 1);
                objective.SetOptimizationDirection(maximise);
                var (status, value) = SolveWithin([key], maximise, need is { } limit ? _ => limit : null);

                // Every variable is at least 0, so a minimum exists whenever the model is feasible. A maximum that
                // is not optimal in a feasible model is unbounded: GLOP reports some unbounded problems as
                // INFEASIBLE, and reading that as "no interval" passed the cell as protected whatever its minimum.
                return status switch
                {
                    Solver.ResultStatus.OPTIMAL => value,
                    _ when maximise => double.PositiveInfinity,
                    _ => double.NaN,
                };
            }

            // The minimum first: it tells whether the model is feasible at all (inconsistent data: no interval).
            var low = need is { } n && seen[key].Min <= n.Low + Tolerance ? seen[key].Min : Bound(false);
            if (double.IsNaN(low))
            {
                continue;
            }

            var high = need is { } m && seen[key].Max >= m.High - Tolerance ? seen[key].Max : Bound(true);
            intervals[key] = (low, high);
        }
    }

    private const double Tolerance = 1e-6;

    /// <summary>Unknowns linked by relations, with their relations (union-find).</summary>
    private static List<(List<CellKey> Cells, List<Folded> Relations)> Components(
        List<CellKey> unknown, List<Folded> relations)
    {
        var parent = unknown.ToDictionary(k => k, k => k);
        CellKey Find(CellKey key)
        {
            while (!parent[key].Equals(key))
            {
                parent[key] = parent[parent[key]];
                key = parent[key];
            }

            return key;
        }

        foreach (var (terms, _, _) in relations)
        {
            for (var i = 1; i < terms.Count; i++)
            {
                var a = Find(terms[0].Cell);
                var b = Find(terms[i].Cell);
                if (!a.Equals(b))
                {
                    parent[a] = b;
                }
            }
        }

        var byRoot = unknown.GroupBy(Find).ToDictionary(g => g.Key, g => (Cells: g.ToList(), Relations: new List<Folded>()));
        foreach (var relation in relations)
        {
            byRoot[Find(relation.Terms[0].Cell)].Relations.Add(relation);
        }

        return [.. byRoot.Values];
    }

    /// <summary>A relation over unknowns only, the known cells' part moved into its bounds.</summary>
    private sealed record Folded(List<(CellKey Cell, double Coefficient)> Terms, double Lower, double Upper);
}
