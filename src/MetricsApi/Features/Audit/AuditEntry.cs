namespace MetricsApi.Features.Audit;

/// <summary>
/// One row of the append-only, hash-chained audit log. Values are set once, when the entry is
/// appended; the model has no way to change or remove an entry (see <c>MetricsDbContext</c>) and the
/// database rejects UPDATE and DELETE by trigger.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; init; }

    /// <summary>UTC, truncated to whole microseconds so every provider stores it exactly.</summary>
    public DateTime OccurredAt { get; init; }

    public required string PrincipalId { get; init; }

    public required string PrincipalName { get; init; }

    /// <summary>The caller's known roles, comma-separated, in the order of <c>Roles.All</c>.</summary>
    public required string Roles { get; init; }

    public required string Action { get; init; }

    public string? OperationName { get; init; }

    /// <summary>SHA-256 (hex) of the GraphQL document text, so the exact request can be matched without storing it.</summary>
    public string? DocumentHash { get; init; }

    public string? Purpose { get; init; }

    /// <summary>Metric keys touched, comma-separated (keys never contain commas).</summary>
    public string? Metrics { get; init; }

    /// <summary>Org unit ids (scope) touched, comma-separated.</summary>
    public string? Scope { get; init; }

    /// <summary>The schema element, source or object acted on, e.g. <c>Query.auditLog</c> or an ingestion source.</summary>
    public string? Target { get; init; }

    public required string Decision { get; init; }

    /// <summary>Rule codes that made the decision, comma-separated.</summary>
    public string? RuleCodes { get; init; }

    public int? PolicyVersion { get; init; }

    public int? PointsServed { get; init; }

    public int? PointsSuppressed { get; init; }

    public int? EventsAccepted { get; init; }

    public int? EventsDuplicate { get; init; }

    public int? EventsRejected { get; init; }

    /// <summary>Hash of the previous entry (64 zeros for the first).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>SHA-256 (hex) of this entry's canonical form, which includes <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }
}
