namespace MetricsApi.Features.Audit;

/// <summary>
/// What a feature asks the audit log to record. Who and which request are added by the audit log
/// from <see cref="AuditActor"/>. Never put metric values or a data subject's identifier in here.
/// </summary>
public sealed record AuditRecord(string Action, string Decision)
{
    public string? Purpose { get; init; }

    public IReadOnlyCollection<string>? Metrics { get; init; }

    public IReadOnlyCollection<string>? Scope { get; init; }

    public string? Target { get; init; }

    public IReadOnlyCollection<string>? RuleCodes { get; init; }

    public int? PolicyVersion { get; init; }

    public int? PointsServed { get; init; }

    public int? PointsSuppressed { get; init; }

    public int? EventsAccepted { get; init; }

    public int? EventsDuplicate { get; init; }

    public int? EventsRejected { get; init; }
}
