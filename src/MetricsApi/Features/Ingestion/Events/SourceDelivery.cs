namespace MetricsApi.Features.Ingestion.Events;

/// <summary>
/// What one source has delivered of one event type: how many events (duplicates excluded) and when
/// the last of them was stored. Kept up to date inside each chunk's transaction, so it always equals
/// a count over the idempotency ledger without anyone having to scan it (lineage reads it).
/// </summary>
public sealed class SourceDelivery
{
    public required string Source { get; set; }

    public required string Type { get; set; }

    public long EventCount { get; set; }

    /// <summary>UTC.</summary>
    public DateTime LastSeen { get; set; }
}
