namespace MetricsApi.Releases.Publish;

/// <summary>A MetricSteward's request to revise a released period with the data that arrived late; the builder carries it out.</summary>
public sealed class RevisionRequest
{
    public long Id { get; set; }

    public required string Grain { get; set; }

    public DateOnly PeriodStart { get; set; }

    public required string RequestedBy { get; set; }

    public required string RequestedByName { get; set; }

    public DateTime RequestedAt { get; set; }

    public required string Reason { get; set; }

    /// <summary>When the builder made the revision; null while it waits.</summary>
    public DateTime? DoneAt { get; set; }

    /// <summary>The vintage the revision created.</summary>
    public long? VintageId { get; set; }
}
