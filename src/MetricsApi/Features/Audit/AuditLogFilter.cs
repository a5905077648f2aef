namespace MetricsApi.Features.Audit;

/// <summary>Filter of <c>auditLog(where:)</c>; every given condition must hold.</summary>
public sealed record AuditLogFilter
{
    public string? Principal { get; init; }

    public string? Action { get; init; }

    public string? Purpose { get; init; }

    public string? Metric { get; init; }

    public string? Decision { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }
}
