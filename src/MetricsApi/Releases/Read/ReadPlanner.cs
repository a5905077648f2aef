using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Read;

/// <summary>
/// Gathers the facts about a would-be read once (the catalogue, the policy, the caller's reach today)
/// and asks the <see cref="PolicyEngine"/>. Facts are kept for the request, so a document with many
/// aliases reads the catalogue, the policy and the caller's scope once.
/// </summary>
public sealed class ReadPlanner(CatalogueReader catalogue, ScopeResolver scopes, PolicyStore policies)
{
    private PolicyRules? _policy;
    private int? _disclosureSince;
    private (ClaimsPrincipal Caller, IReadOnlyList<OrgUnit> Units)? _reach;

    public async Task<ReadPlan> PlanAsync(ClaimsPrincipal caller, string metricKey, string purpose, string? scope, string groupBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var metrics = await catalogue.AllAsync(cancellationToken).ConfigureAwait(false);
        var policy = await PolicyAsync(cancellationToken).ConfigureAwait(false);
        var reach = await ReachAsync(caller, cancellationToken).ConfigureAwait(false);
        var candidates = ScopeGroups.Within(reach, scope);
        var groups = ScopeGroups.Select(reach, scope, groupBy);
        if (!metrics.TryGetValue(metricKey, out var metric))
        {
            var missing = new AccessDecision(false, GraphQL.ErrorCodes.NotFound, [PolicyEngine.MetricNotPublished], $"No metric '{metricKey}' in the catalogue.",
                policy.EffectiveMinGroupSize(metricKey, PolicyRules.Floor), policy.Version);
            return new ReadPlan(metricKey, null, policy, missing, candidates, groups, ScopeGroups.Roots(candidates), []);
        }

        var version = metric.Current;
        var decision = PolicyEngine.Decide(new AccessRequest(
            caller.GetKnownRoles(), purpose, metric.Key, version.Kind, CatalogueService.Split(version.AllowedPurposes), version.MinGroupSize,
            MetricSet.IsPublished(version), groups.Count > 0), policy);
        return new ReadPlan(metric.Key, version, policy, decision, candidates, groups, ScopeGroups.Roots(candidates), CatalogueService.Split(version.Guardrails));
    }

    /// <summary>The whole catalogue (kept for the request).</summary>
    public Task<IReadOnlyDictionary<string, Metric>> CatalogueAsync(CancellationToken cancellationToken) => catalogue.AllAsync(cancellationToken);

    /// <summary>The oldest policy version whose releases are current (same disclosure parameters).</summary>
    public async Task<int> DisclosureSinceAsync(CancellationToken cancellationToken) =>
        _disclosureSince ??= await policies.DisclosureSinceAsync(cancellationToken).ConfigureAwait(false);

    private async Task<PolicyRules> PolicyAsync(CancellationToken cancellationToken) =>
        _policy ??= (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;

    private async Task<IReadOnlyList<OrgUnit>> ReachAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (_reach is { } known && ReferenceEquals(known.Caller, caller))
        {
            return known.Units;
        }

        var units = await scopes.ResolveAsync(caller, on: null, cancellationToken).ConfigureAwait(false);
        _reach = (caller, units);
        return units;
    }
}
