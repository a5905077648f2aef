using MetricsApi.Releases.Disclosure;

namespace MetricsApi.Releases.Evaluate;

/// <summary>One evaluated cell of a metric table.</summary>
public sealed class Cell
{
    public required CellKey Key { get; init; }

    public double? Value { get; init; }

    /// <summary>Headcount of the group in the period.</summary>
    public int People { get; init; }

    /// <summary>Distinct people behind the value (events of people only; 0 otherwise).</summary>
    public long Contributors { get; init; }

    public bool Suppressed { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>
    /// No events behind the value: it is known to be nothing (other metrics show it), so hiding it
    /// protects nothing and a hidden empty cell is no cover for another.
    /// </summary>
    public bool Empty { get; init; }

    /// <summary>
    /// Published visibly by an earlier release of the same period: anyone can read it there, so hiding
    /// it now protects nothing and it can be no cover for another cell.
    /// </summary>
    public bool Fixed { get; private set; }

    public void MarkFixed() => Fixed = true;

    /// <summary>Hidden only to protect another cell (secondary suppression): it needs no protection interval of its own.</summary>
    public bool Cover { get; private set; }

    /// <summary>Hides the cell for another cell's sake (a no-op when it is hidden already).</summary>
    public void SuppressAsCover()
    {
        if (!Suppressed)
        {
            Suppress(SuppressionReasons.Complementary);
            Cover = true;
        }
    }

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

    /// <summary>
    /// Hidden cells the attacker's audit still finds narrower than their protection level after secondary
    /// suppression, because no cell within reach that could still be hidden would widen them (values published
    /// before, known zeros and headcounts pin them).
    /// Empty for a table protected as it should be; the release builder logs any.
    /// </summary>
    public IReadOnlyList<CellKey> ShortOfProtection { get; set; } = [];

    /// <summary>Values seen for a dimension, in order.</summary>
    public IReadOnlyList<string> DimensionValues(string dimension) =>
        cells.Keys.Where(k => k.Dimension == dimension && k.DimensionValue is not null).Select(k => k.DimensionValue!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
