using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Publish;

/// <summary>One period's evaluated tables, turned into release cells: every unit of the tree × the total and every listed dimension value.</summary>
public sealed class PeriodTables(OrgStructure structure, DateOnly period, TableEvaluator evaluator)
{
    public int MinGroupSize(string metricKey) => evaluator.MinGroupSize(metricKey);

    /// <summary>Hidden cells of the tables evaluated so far that stay narrower than their protection level.</summary>
    public IReadOnlyList<(string Pattern, CellKey Cell)> ShortOfProtection => evaluator.ShortOfProtection;

    public IEnumerable<ReleaseCell> Cells(MetricVersion version, Func<string, MetricTable, IReadOnlyList<string>> listed)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(listed);
        var table = evaluator.Evaluate(version.MetricKey);
        var layers = new List<(string Dimension, string Value)> { ("", "") };
        foreach (var dimension in TableEvaluator.Dimensions(version))
        {
            layers.AddRange(listed(dimension, table).Select(v => (dimension, v)));
        }

        foreach (var unit in structure.Units.Values.OrderBy(u => u.Path, StringComparer.Ordinal))
        {
            foreach (var (dimension, value) in layers)
            {
                var cell = table.Get(new CellKey(unit.Id, period, dimension.Length == 0 ? null : dimension, dimension.Length == 0 ? null : value));
                yield return new ReleaseCell
                {
                    Level = unit.Kind,
                    Dimension = dimension,
                    UnitId = unit.Id,
                    DimensionValue = value,
                    Value = cell.Suppressed ? null : Round(cell.Value),
                    Reason = cell.Suppressed ? cell.Reason : null,
                    People = cell.People,
                    Empty = cell.Empty,
                };
            }
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;
}
