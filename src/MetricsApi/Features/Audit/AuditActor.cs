using System.Security.Claims;
using MetricsApi.Access;

namespace MetricsApi.Features.Audit;

/// <summary>
/// Request-scoped: who is acting and through which request. The GraphQL endpoint and the ingestion
/// endpoint fill it in; start-up jobs use <see cref="UseSystemIdentity"/>. Accessors are accountable,
/// so the principal is recorded as is (object id and display name), not pseudonymised.
/// </summary>
public sealed class AuditActor
{
    /// <summary>The object id recorded for actions the service takes itself (e.g. publishing the standard catalogue).</summary>
    public const string SystemPrincipalId = "system:metricsapi";

    public string PrincipalId { get; private set; } = SystemPrincipalId;

    public string PrincipalName { get; private set; } = "MetricsApi (system)";

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public string? OperationName { get; private set; }

    public string? DocumentHash { get; private set; }

    public void UsePrincipal(ClaimsPrincipal principal, string? operationName = null, string? document = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        PrincipalId = principal.GetRequiredObjectId();
        PrincipalName = principal.GetDisplayName();
        Roles = principal.GetKnownRoles();
        OperationName = operationName;
        DocumentHash = document is null ? null : AuditHashing.HashDocument(document);
    }

    public void UseSystemIdentity(string? operationName = null)
    {
        PrincipalId = SystemPrincipalId;
        PrincipalName = "MetricsApi (system)";
        Roles = [];
        OperationName = operationName;
        DocumentHash = null;
    }
}
