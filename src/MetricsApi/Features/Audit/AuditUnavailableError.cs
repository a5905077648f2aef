using MetricsApi.GraphQL;

namespace MetricsApi.Features.Audit;

/// <summary>The audit log could not be written, so the governed request fails closed (invariant 6).</summary>
public sealed class AuditUnavailableError()
    : MetricsApiError(ErrorCodes.AuditUnavailable, "The audit log could not be written, so the request was refused and nothing was returned. Try again later; operators see the cause in the server log.");
