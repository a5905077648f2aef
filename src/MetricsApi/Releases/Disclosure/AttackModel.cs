using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>A cell as an attacker sees it: a known value, or an unknown within bounds.</summary>
/// <param name="Key">The cell.</param>
/// <param name="Known">Whether its value is served (or otherwise known).</param>
/// <param name="Value">The served value when known; for an unknown cell the defender's true value (NaN when the model is an attacker's, built from what was served).</param>
/// <param name="Lower">The least value it can have (non-negativity, reasons).</param>
/// <param name="Upper">The largest value it can have (headcount, days in the period; +∞ when unbounded).</param>
/// <param name="Sensitive">Whether an unknown cell needs a protection interval (hidden by a primary rule, a zero, an earlier release), or is only a cover.</param>
public sealed record AttackCell(CellKey Key, bool Known, double Value, double Lower, double Upper, bool Sensitive = true);

/// <summary>A linear relation between cells that everyone knows holds: <c>Lower ≤ Σ coefficient × cell ≤ Upper</c>.</summary>
public sealed record LinearRelation(IReadOnlyList<(CellKey Cell, double Coefficient)> Terms, double Lower, double Upper)
{
    public static LinearRelation Sum(CellKey total, IEnumerable<CellKey> parts) =>
        new([(total, 1), .. parts.Select(p => (p, -1.0))], 0, 0);

    public static LinearRelation AtLeast(CellKey larger, CellKey smaller) => new([(larger, 1), (smaller, -1)], 0, double.PositiveInfinity);

    public static LinearRelation AtMostSum(CellKey total, IEnumerable<CellKey> parts) =>
        new([(total, -1), .. parts.Select(p => (p, 1.0))], 0, double.PositiveInfinity);
}

/// <summary>Everything an attacker can combine about some cells: their known values and bounds, and the relations between them.</summary>
public sealed class AttackModel
{
    public Dictionary<CellKey, AttackCell> Cells { get; } = [];

    public List<LinearRelation> Relations { get; } = [];

    /// <summary>
    /// Whether the true table (served values, and the defender's true values of unknown cells) satisfies a relation.
    /// One it does not (people counted in two teams they moved between, events that arrived after a release) is no
    /// relation anyone can use; "repairing" it would hide cells for nothing, and a model with no solution audits nothing.
    /// </summary>
    public bool Holds(LinearRelation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var sum = relation.Terms.Sum(t => t.Coefficient * (Cells.TryGetValue(t.Cell, out var c) ? c.Value : 0));
        return sum >= relation.Lower - Tolerance && sum <= relation.Upper + Tolerance;
    }

    private const double Tolerance = 1e-5;
}
