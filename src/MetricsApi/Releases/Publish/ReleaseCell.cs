namespace MetricsApi.Releases.Publish;

/// <summary>One cell of a release: a unit, and a dimension value or the total. Never updated or deleted.</summary>
public sealed class ReleaseCell
{
    public long ReleaseId { get; set; }

    /// <summary>The unit's kind in the period (<c>COMPANY</c>, <c>ORG</c>, <c>TEAM</c>).</summary>
    public required string Level { get; set; }

    /// <summary>The dimension split by, or empty for the total.</summary>
    public required string Dimension { get; set; }

    public int UnitId { get; set; }

    /// <summary>The dimension value, or empty for the total.</summary>
    public required string DimensionValue { get; set; }

    /// <summary>The value as served; null when suppressed or undefined.</summary>
    public double? Value { get; set; }

    /// <summary>Why the value is withheld; null when it is served.</summary>
    public string? Reason { get; set; }

    /// <summary>The group's headcount in the period (served only with a visible value).</summary>
    public int People { get; set; }

    /// <summary>No events or contributors behind the cell.</summary>
    public bool Empty { get; set; }
}
