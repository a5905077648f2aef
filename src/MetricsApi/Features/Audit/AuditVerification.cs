namespace MetricsApi.Features.Audit;

/// <summary>What is wrong at the first broken place of the chain.</summary>
public enum AuditChainProblem
{
    /// <summary>The entry's stored hash is not the hash of its content: the row was edited.</summary>
    HashMismatch,

    /// <summary>The entry does not point at the hash of the entry before it: rows were removed, inserted or reordered.</summary>
    PreviousHashMismatch,

    /// <summary>A sequence number is missing: a row was deleted.</summary>
    SequenceGap,

    /// <summary>The newest entry is not the one the chain head recorded: entries were cut off the end.</summary>
    HeadMismatch,

    /// <summary>A signed checkpoint names another hash for its entry, or its signature does not verify: the chain was rewritten.</summary>
    CheckpointMismatch,
}

/// <summary>The outcome of recomputing the chain over a range of entries.</summary>
public sealed record AuditVerification(
    bool Ok,
    int EntriesChecked,
    long? FirstCheckedSequence,
    long? LastCheckedSequence,
    long? FirstBrokenSequence,
    AuditChainProblem? Problem,
    string Message,
    string? HeadHash,
    int CheckpointsChecked = 0);
