using Google.OrTools.LinearSolver;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// Covers for a hidden cell whose own sets have nothing left to hide, found the way τ-ARGUS's optimal
/// method finds them: a linear programme over the cell's neighbourhood (the cells its relations reach, a
/// few relations out) asks for a table an attacker could not rule out in which the cell reaches its
/// protection level, moving visible cells as little as possible, each unit of movement weighted by the
/// cell's cost (its headcount). The visible cells that had to move are the covers: once they are hidden,
/// that table is consistent with everything served, so the interval reaches the level on that side. Cells
/// that cannot be covers (served by an earlier release, known zeros) and everything beyond the neighbourhood
/// stay at their values, so every solution is a real table.
/// </summary>
public static class CoverSearch
{
    /// <summary>How many relations out from the cell the neighbourhood reaches.</summary>
    private const int Hops = 4;

    /// <summary>The most cells the neighbourhood holds (nearest first), so one search stays small on a large tree.</summary>
    private const int MostCells = 4000;

    /// <summary>
    /// The visible cells to hide so that <paramref name="target"/> can reach <paramref name="need"/> on each side it
    /// falls short of; empty when no choice within the neighbourhood can (the cell is pinned by what is public anyway).
    /// </summary>
    /// <param name="model">The attacker's model of the table as it stands.</param>
    /// <param name="target">The hidden cell that is short of its protection.</param>
    /// <param name="interval">The interval the audit found for it.</param>
    /// <param name="need">How far below and above its value it must reach.</param>
    /// <param name="cost">A visible cell's cost per unit it moves (null: it cannot be a cover).</param>
    /// <param name="index">The model's relations by cell (<see cref="Index"/>), built once per model for all its searches.</param>
    public static List<CellKey> Covers(AttackModel model, IReadOnlyDictionary<CellKey, List<LinearRelation>> index, CellKey target,
        (double Min, double Max) interval, (double Low, double High) need, Func<CellKey, double?> cost)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(cost);

        // The neighbourhood: hidden cells and cells that could be covers, nearest first.
        var free = new HashSet<CellKey> { target };
        var frontier = new List<CellKey> { target };
        for (var hop = 0; hop < Hops && frontier.Count > 0 && free.Count < MostCells; hop++)
        {
            var next = new List<CellKey>();
            foreach (var cell in frontier)
            {
                foreach (var (other, _) in index.GetValueOrDefault(cell, []).SelectMany(r => r.Terms))
                {
                    if (free.Count < MostCells && model.Cells.TryGetValue(other, out var c) && (!c.Known || cost(other) is not null) && free.Add(other))
                    {
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        var covers = new HashSet<CellKey>();
        if (interval.Max < need.High - Tolerance)
        {
            covers.UnionWith(Solve(model, target, free, index, cost, need.High, upwards: true));
        }

        if (interval.Min > need.Low + Tolerance)
        {
            covers.UnionWith(Solve(model, target, free, index, cost, need.Low, upwards: false));
        }

        return [.. covers];
    }

    /// <summary>The relations of a model by the cells they hold.</summary>
    public static Dictionary<CellKey, List<LinearRelation>> Index(AttackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var index = new Dictionary<CellKey, List<LinearRelation>>();
        foreach (var relation in model.Relations)
        {
            foreach (var (cell, _) in relation.Terms)
            {
                if (!index.TryGetValue(cell, out var list))
                {
                    index[cell] = list = [];
                }

                list.Add(relation);
            }
        }

        return index;
    }

    private static List<CellKey> Solve(AttackModel model, CellKey target, HashSet<CellKey> free, IReadOnlyDictionary<CellKey, List<LinearRelation>> index,
        Func<CellKey, double?> cost, double level, bool upwards)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("The GLOP solver is not available.");
        var variables = new Dictionary<CellKey, Variable>();
        var moves = new List<(CellKey Cell, Variable Move)>();
        var objective = solver.Objective();
        foreach (var key in free)
        {
            var cell = model.Cells[key];
            var variable = solver.MakeNumVar(cell.Lower, cell.Upper, "");
            variables[key] = variable;
            if (cell.Known)
            {
                // |variable − value| ≤ move, paid for at the cell's cost per unit.
                var move = solver.MakeNumVar(0, double.PositiveInfinity, "");
                var above = solver.MakeConstraint(double.NegativeInfinity, cell.Value);
                above.SetCoefficient(variable, 1);
                above.SetCoefficient(move, -1);
                var below = solver.MakeConstraint(cell.Value, double.PositiveInfinity);
                below.SetCoefficient(variable, 1);
                below.SetCoefficient(move, 1);
                objective.SetCoefficient(move, cost(key)!.Value);
                moves.Add((key, move));
            }
        }

        foreach (var relation in free.SelectMany(c => index.GetValueOrDefault(c, [])).Distinct().Where(model.Holds))
        {
            var constant = 0.0;
            var constraint = solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity);
            foreach (var (cell, coefficient) in relation.Terms)
            {
                if (variables.TryGetValue(cell, out var variable))
                {
                    constraint.SetCoefficient(variable, constraint.GetCoefficient(variable) + coefficient);
                }
                else
                {
                    constant += coefficient * (model.Cells.TryGetValue(cell, out var c) ? c.Value : 0);
                }
            }

            constraint.SetBounds(relation.Lower - constant, relation.Upper - constant);
        }

        var reach = upwards ? solver.MakeConstraint(level, double.PositiveInfinity) : solver.MakeConstraint(double.NegativeInfinity, level);
        reach.SetCoefficient(variables[target], 1);
        objective.SetMinimization();
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            return [];
        }

        return [.. moves.Where(m => m.Move.SolutionValue() > Tolerance).Select(m => m.Cell)];
    }

    private const double Tolerance = 1e-5;
}
