namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>
/// A signed statement "the audit log held <see cref="Sequence"/> entries and its newest hash was
/// <see cref="HeadHash"/> at <see cref="CreatedAt"/>". Append-only like the entries (the database
/// refuses UPDATE and DELETE). Its worth lies outside the database: an auditor who kept a copy, or
/// checks the signature with the public key, notices a chain rewritten with recomputed hashes.
/// </summary>
public sealed class AuditCheckpoint
{
    /// <summary>The sequence of the newest entry covered (the log's size then); 0 for an empty log. One checkpoint per size.</summary>
    public long Sequence { get; init; }

    /// <summary>Hash of entry <see cref="Sequence"/> (64 zeros for an empty log).</summary>
    public required string HeadHash { get; init; }

    /// <summary>UTC, whole microseconds.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>The name of the log the checkpoint speaks for (<c>Audit:CheckpointOrigin</c>).</summary>
    public required string Origin { get; init; }

    /// <summary>Which key signed it (<see cref="CheckpointSigningKey.KeyId"/>).</summary>
    public required string KeyId { get; init; }

    /// <summary>Base64 of the DER ECDSA-SHA256 signature over the note body (<see cref="CheckpointNote"/>).</summary>
    public required string Signature { get; init; }
}
