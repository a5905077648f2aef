using System.Security.Claims;

namespace MetricsApi.Releases.Read;

/// <summary>An access decision together with what a client needs to show it.</summary>
public sealed record AccessExplanation(Access.Policy.AccessDecision Decision, IReadOnlyList<string> Guardrails);

/// <summary>
/// <c>explainAccess</c>: the decision of the same <see cref="ReadPlan"/> <c>metricValues</c> reads with,
/// without reading any value, so an explanation can never drift from a read.
/// </summary>
public sealed class AccessExplainer(ReadPlanner planner)
{
    public async Task<AccessExplanation> ExplainAsync(ClaimsPrincipal caller, string metricKey, string purpose, string? scope, string groupBy, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(caller, metricKey, purpose, scope, groupBy, cancellationToken).ConfigureAwait(false);
        if (plan.Version is null)
        {
            throw new GraphQL.MetricsApiError(GraphQL.ErrorCodes.NotFound, plan.Decision.Explanation, new Dictionary<string, object?> { ["field"] = "key" });
        }

        return new AccessExplanation(plan.Decision, plan.Guardrails);
    }
}
