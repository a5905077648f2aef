namespace MetricsApi.Releases.Publish;

/// <summary>
/// The published table of one metric version for one period under one policy version: every org unit
/// of the tree as it stood in the period × every dimension value (<see cref="ReleaseCell"/>), with
/// disclosure control applied once, over the whole table, when it was built. Never updated or deleted
/// (database triggers refuse it); a revision is a new release with a higher <see cref="Revision"/>.
/// </summary>
public sealed class Release
{
    public long Id { get; set; }

    public required string MetricKey { get; set; }

    public long MetricVersionId { get; set; }

    public int MetricVersion { get; set; }

    /// <summary><c>WEEK</c> or <c>MONTH</c>.</summary>
    public required string Grain { get; set; }

    public DateOnly PeriodStart { get; set; }

    /// <summary>First day after the period.</summary>
    public DateOnly PeriodEnd { get; set; }

    /// <summary>The policy version whose disclosure rules the release applied.</summary>
    public int PolicyVersion { get; set; }

    /// <summary>The minimum group size (k) the metric's cells were suppressed with.</summary>
    public int MinGroupSize { get; set; }

    /// <summary>The data vintage of the period the release was computed from.</summary>
    public long VintageId { get; set; }

    /// <summary>1 for the first release of this metric version, period and policy version; higher for revisions.</summary>
    public int Revision { get; set; }

    /// <summary>Events received after this instant (UTC) are not in the release.</summary>
    public DateTime DataCutoff { get; set; }

    public DateTime BuiltAt { get; set; }

    public int Cells { get; set; }

    public int CellsSuppressed { get; set; }
}
