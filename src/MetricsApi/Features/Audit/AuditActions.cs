namespace MetricsApi.Features.Audit;

/// <summary>What an audit entry records.</summary>
public static class AuditActions
{
    public const string ReadMetricValues = "READ_METRIC_VALUES";
    public const string Export = "EXPORT";
    public const string Denied = "DENIED";
    public const string CatalogueChange = "CATALOGUE_CHANGE";
    public const string PolicyChange = "POLICY_CHANGE";
    public const string IngestBatch = "INGEST_BATCH";
    public const string ReadAuditLog = "READ_AUDIT_LOG";
    public const string VerifyAuditLog = "VERIFY_AUDIT_LOG";
    public const string ReleaseRevision = "RELEASE_REVISION";
    public const string CheckpointAuditLog = "CHECKPOINT_AUDIT_LOG";
    public const string TargetChange = "TARGET_CHANGE";
    public const string ReadTargetProgress = "READ_TARGET_PROGRESS";

    public static IReadOnlyList<string> All { get; } =
        [ReadMetricValues, Export, Denied, CatalogueChange, PolicyChange, IngestBatch, ReadAuditLog, VerifyAuditLog, ReleaseRevision, CheckpointAuditLog, TargetChange, ReadTargetProgress];
}

/// <summary>What policy decided for an audited action.</summary>
public static class AuditDecisions
{
    public const string Allowed = "ALLOWED";
    public const string PartiallySuppressed = "PARTIALLY_SUPPRESSED";
    public const string Denied = "DENIED";

    public static IReadOnlyList<string> All { get; } = [Allowed, PartiallySuppressed, Denied];
}
