namespace MetricsApi.Releases.Evaluate;

/// <summary>Why a point carries no value.</summary>
public static class SuppressionReasons
{
    /// <summary>Fewer than k people in the group, or fewer than k people contributed to a volume.</summary>
    public const string BelowMinGroupSize = "BELOW_MIN_GROUP_SIZE";

    /// <summary>Hidden so that a suppressed value cannot be recovered by subtracting visible values from a total.</summary>
    public const string Complementary = "COMPLEMENTARY";

    /// <summary>
    /// The period has not ended. Its value still changes as events arrive, and two reads a day apart
    /// would isolate that day's activity of a few people (time-window slicing through the clock).
    /// </summary>
    public const string PeriodIncomplete = "PERIOD_INCOMPLETE";
}

/// <summary>One evaluated cell of a metric table.</summary>
public sealed class Cell
{
    public required CellKey Key { get; init; }

    public double? Value { get; init; }

    /// <summary>Headcount of the group in the period.</summary>
    public int People { get; init; }

    public bool Suppressed { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>
    /// No events behind the value: it is known to be nothing (other metrics show it), so hiding it
    /// protects nothing and a hidden empty cell is no cover for another.
    /// </summary>
    public bool Empty { get; init; }

    public void Suppress(string reason)
    {
        if (!Suppressed)
        {
            Suppressed = true;
            Reason = reason;
        }
    }
}

/// <summary>
/// A metric evaluated for every unit of the tree and every period, for its total and each dimension
/// value seen. Cells that do not exist (a dimension value a group never had) are made on demand with
/// the same rules, as a group with no events.
/// </summary>
public sealed class MetricTable(Dictionary<CellKey, Cell> cells, Func<CellKey, Cell> missing)
{
    public IReadOnlyDictionary<CellKey, Cell> Cells => cells;

    public Cell Get(CellKey key)
    {
        if (!cells.TryGetValue(key, out var cell))
        {
            cells[key] = cell = missing(key);
        }

        return cell;
    }

    public Cell? Find(CellKey key) => cells.GetValueOrDefault(key);

    /// <summary>Values seen for a dimension, in order.</summary>
    public IReadOnlyList<string> DimensionValues(string dimension) =>
        cells.Keys.Where(k => k.Dimension == dimension && k.DimensionValue is not null).Select(k => k.DimensionValue!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
