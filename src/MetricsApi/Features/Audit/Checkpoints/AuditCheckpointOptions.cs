namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>Checkpoint settings (configuration section <c>Audit</c>; the signing key is read by <see cref="CheckpointSigningKey"/>).</summary>
public sealed class AuditCheckpointOptions
{
    public const string Section = "Audit";

    /// <summary>How often a checkpoint is made when the log has grown; zero switches periodic checkpoints off.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The log's name in every checkpoint, so checkpoints of two deployments cannot be mixed up.</summary>
    public string CheckpointOrigin { get; set; } = "metricsapi/audit-log";

    /// <summary>Null when the origin is usable: one line of printable ASCII without spaces, at most 200 characters.</summary>
    public static string? OriginProblem(string? origin) =>
        string.IsNullOrEmpty(origin) || origin.Length > 200 || origin.Any(c => c <= ' ' || c > '~')
            ? "Audit:CheckpointOrigin must be 1 to 200 printable ASCII characters without spaces, e.g. metricsapi/audit-log/production."
            : null;
}
