using MetricsApi.Access.Policy;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;

namespace MetricsApi.Releases.Read;

/// <summary>
/// The facts about a read of group values and the one decision made on them. <c>metricValues</c> reads
/// with it and <c>explainAccess</c> explains it, so an explanation can never drift from a read.
/// </summary>
/// <param name="MetricKey">The metric asked for.</param>
/// <param name="Version">Its current version; null when the catalogue has no such metric.</param>
/// <param name="Policy">The current policy.</param>
/// <param name="Decision">What the policy engine decided.</param>
/// <param name="Candidates">The units in scope the caller may read today, in tree order (any level).</param>
/// <param name="Groups">The candidates at the requested level today, in tree order.</param>
/// <param name="ScopeRoots">The topmost units read (for the audit log).</param>
/// <param name="Guardrails">The guardrail metrics that come with the values.</param>
public sealed record ReadPlan(
    string MetricKey,
    MetricVersion? Version,
    PolicyRules Policy,
    AccessDecision Decision,
    IReadOnlyList<OrgUnit> Candidates,
    IReadOnlyList<OrgUnit> Groups,
    IReadOnlyList<string> ScopeRoots,
    IReadOnlyList<string> Guardrails);
