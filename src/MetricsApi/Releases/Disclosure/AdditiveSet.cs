using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>A total and the cells that add up to it: a unit with its direct children, or a cell's total with its values of one dimension.</summary>
public sealed record AdditiveSet(CellKey Parent, IReadOnlyList<CellKey> Children);
