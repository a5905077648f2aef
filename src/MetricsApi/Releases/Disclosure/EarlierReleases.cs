using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// What earlier releases of the same period published, per suppression pattern (a quantity for base
/// metrics, the metric itself for derived ones): which cells they hid and which they showed. A new
/// release (another policy version, another metric version, a revision) keeps hidden every cell an
/// earlier one hid, and treats every cell an earlier one showed as public: so a later release can
/// only ever show a subset of what the earlier ones showed, and reads before and after never combine.
/// </summary>
public sealed class EarlierReleases
{
    private readonly Dictionary<string, Dictionary<CellKey, bool>> _byPattern = new(StringComparer.Ordinal);

    public static EarlierReleases None { get; } = new();

    /// <summary>The pattern key of a derived metric (base metrics use their quantity key).</summary>
    public static string DerivedPattern(string metricKey) => "metric:" + metricKey;

    public void Add(string pattern, CellKey cell, bool hidden)
    {
        if (!_byPattern.TryGetValue(pattern, out var cells))
        {
            _byPattern[pattern] = cells = [];
        }

        // Hidden in any earlier release wins: it stays hidden.
        cells[cell] = cells.GetValueOrDefault(cell) || hidden;
    }

    /// <summary>Applies the earlier releases of a pattern to a table, after primary and before secondary suppression.</summary>
    public void CarryForward(string pattern, MetricTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!_byPattern.TryGetValue(pattern, out var cells))
        {
            return;
        }

        foreach (var (key, hidden) in cells)
        {
            var cell = table.Get(key);
            if (hidden)
            {
                cell.Suppress(SuppressionReasons.Complementary);
            }
            else
            {
                cell.MarkFixed();
            }
        }
    }
}
