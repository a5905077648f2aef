namespace MetricsApi.Releases.Evaluate;

/// <summary>One cell of a metric table: a group, a period and optionally one value of one dimension.</summary>
/// <param name="Group">The unit.</param>
/// <param name="Period">The first day of the period.</param>
/// <param name="Dimension">The dimension of a split cell (null: the unit's total).</param>
/// <param name="DimensionValue">The dimension's value.</param>
/// <param name="Grain">Set only on a cell of another grain's release in an attacker's joint model (a week beside a
/// month): a week can start on the day its month does, and the two cells must stay apart.</param>
public readonly record struct CellKey(int Group, DateOnly Period, string? Dimension, string? DimensionValue, string? Grain = null)
{
    public CellKey Total => this with { Dimension = null, DimensionValue = null };

    // The generated ToString would print Total, whose Total it would print, and so on: a stack overflow
    // the first time a key is logged or formatted.
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Group} {(Grain is null ? "" : Grain + " ")}{Period:yyyy-MM-dd}{(Dimension is null ? "" : $" {Dimension}={DimensionValue}")}");
}

/// <summary>
/// What SQL returns for one cell of a base metric: events, distinct contributing people, up to two partial
/// values, and for counts and sums of people's events the two largest contributions of one person (the
/// dominance rule).
/// </summary>
public sealed record RawAggregate(long Events, long Contributors, double? A, double? B, double? Top1 = null, double? Top2 = null);

/// <summary>Everything one evaluation read from the database in its single round trip.</summary>
public sealed class RawData
{
    public Dictionary<(int Group, DateOnly Period), int> Headcounts { get; } = [];

    /// <summary>Teams with at least one person who belonged to several teams during the range.</summary>
    public HashSet<int> TeamsWithSharedPeople { get; } = [];

    /// <summary>Per base metric key: its cells, for the total and for every dimension of the metric.</summary>
    public Dictionary<string, Dictionary<CellKey, RawAggregate>> Metrics { get; } = new(StringComparer.Ordinal);
}
