using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Access.Policy;

/// <summary>An access decision together with what a client needs to show it.</summary>
public sealed record AccessExplanation(AccessDecision Decision, IReadOnlyList<string> Guardrails);

/// <summary>
/// Gathers the facts about a would-be read (the caller's roles and scope, the metric's current
/// version) and asks the <see cref="PolicyEngine"/>. Values are never evaluated here.
/// </summary>
public sealed class AccessExplainer(CatalogueReader catalogue, ScopeResolver scopes, PolicyStore policies)
{
    public async Task<AccessExplanation> ExplainAsync(ClaimsPrincipal caller, string metricKey, string purpose, string? scope, string groupBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var metric = await catalogue.GetAsync(metricKey, cancellationToken).ConfigureAwait(false);
        var version = metric.Current;
        var reachable = await scopes.ResolveAsync(caller, on: null, cancellationToken).ConfigureAwait(false);
        var inReach = ScopeGroups.Select(reachable, scope, groupBy).Count > 0;
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        var decision = PolicyEngine.Decide(new AccessRequest(
            caller.GetKnownRoles(),
            purpose,
            metric.Key,
            version.Kind,
            CatalogueService.Split(version.AllowedPurposes),
            version.MinGroupSize,
            version.Status is MetricStatuses.Published or MetricStatuses.Deprecated,
            inReach), policy);
        return new AccessExplanation(decision, CatalogueService.Split(version.Guardrails));
    }
}
