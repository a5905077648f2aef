namespace MetricsApi.Releases.Publish;

/// <summary>
/// The data a period's releases are computed from: the events received up to <see cref="DataCutoff"/>
/// and the org tree recorded by then. Fixed when the period is first released, so every later release of
/// the period (another policy or metric version) sees exactly the same data; late data enters only
/// through a revision, a new vintage with a higher <see cref="Number"/>. Never updated or deleted.
/// </summary>
public sealed class PeriodVintage
{
    public long Id { get; set; }

    public required string Grain { get; set; }

    public DateOnly PeriodStart { get; set; }

    public int Number { get; set; }

    public DateTime DataCutoff { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Who asked for it: the service for a first release, a MetricSteward for a revision.</summary>
    public required string CreatedBy { get; set; }

    public required string Reason { get; set; }
}
