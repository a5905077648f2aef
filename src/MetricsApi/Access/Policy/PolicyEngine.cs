using MetricsApi.Features.Catalogue;
using MetricsApi.GraphQL;

namespace MetricsApi.Access.Policy;

/// <summary>
/// The one place access to metric values is decided: a pure function of the request and the policy
/// data, returning the decision, the rule codes and an explanation. Invariant rules come first and do
/// not consult the policy, so no configuration can relax them.
/// </summary>
public static class PolicyEngine
{
    public const string PersonalKindNotForPerformanceReview = "INVARIANT_PERSONAL_KIND_NOT_FOR_PERFORMANCE_REVIEW";
    public const string SelfReflectionIsPerPerson = "INVARIANT_SELF_REFLECTION_ONLY_FOR_OWN_VALUES";
    public const string MetricNotPublished = "METRIC_NOT_PUBLISHED";
    public const string RolePurposeNotAllowed = "ROLE_PURPOSE_NOT_ALLOWED";
    public const string MetricPurposeNotAllowed = "METRIC_PURPOSE_NOT_ALLOWED";
    public const string OutOfScope = "OUT_OF_SCOPE";
    public const string RolePurposeAllowed = "ROLE_PURPOSE_ALLOWED";
    public const string MetricPurposeAllowed = "METRIC_PURPOSE_ALLOWED";
    public const string InScope = "IN_SCOPE";
    public const string SmallGroupsSuppressed = "SMALL_GROUPS_SUPPRESSED";
    public const string GuardrailsAttached = "GUARDRAILS_ATTACHED";

    public static AccessDecision Decide(AccessRequest request, PolicyRules policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var k = policy.EffectiveMinGroupSize(request.MetricKey, request.MetricMinGroupSize);
        AccessDecision Deny(string code, string rule, string why) => new(false, code, [rule], why, k, policy.Version);

        if (MetricKinds.IsPersonal(request.MetricKind) && request.Purpose == Purposes.PerformanceReview)
        {
            return Deny(ErrorCodes.PurposeNotAllowed, PersonalKindNotForPerformanceReview,
                $"{request.MetricKey} is an {request.MetricKind} metric: usage, adoption and sentiment are never read for performance reviews, whatever the policy says (invariant 1).");
        }

        if (request.Purpose == Purposes.SelfReflection && request.GroupsPeople)
        {
            return Deny(ErrorCodes.PurposeNotAllowed, SelfReflectionIsPerPerson,
                "SELF_REFLECTION is for your own values only: ask viewer { usage } instead of group values.");
        }

        if (!request.Published)
        {
            return Deny(ErrorCodes.NotFound, MetricNotPublished, $"{request.MetricKey} has no published version, so it has no values to read.");
        }

        if (!request.Roles.Any(r => policy.RolePurposes.TryGetValue(r, out var purposes) && purposes.Contains(request.Purpose)))
        {
            return Deny(ErrorCodes.PurposeNotAllowed, RolePurposeNotAllowed,
                $"None of your roles ({(request.Roles.Count == 0 ? "none" : string.Join(", ", request.Roles))}) may read metric values for {request.Purpose} under policy version {policy.Version}.");
        }

        if (!request.MetricPurposes.Contains(request.Purpose))
        {
            return Deny(ErrorCodes.PurposeNotAllowed, MetricPurposeNotAllowed,
                $"{request.MetricKey} may be read for {string.Join(", ", request.MetricPurposes)}, not for {request.Purpose}.");
        }

        if (!request.ScopeInReach)
        {
            // Deliberately the same words whether the unit exists or not.
            return Deny(ErrorCodes.OutOfScope, OutOfScope, "That scope is not one you may read.");
        }

        var rules = new List<string> { RolePurposeAllowed, MetricPurposeAllowed, InScope, SmallGroupsSuppressed };
        var explanation = $"Allowed: your role may read {request.MetricKey} for {request.Purpose} within your scope; groups of fewer than {k} people are suppressed";
        if (request.MetricKind is MetricKinds.Activity or MetricKinds.Adoption)
        {
            rules.Add(GuardrailsAttached);
            explanation += ", and its outcome guardrails are returned with it";
        }

        return new AccessDecision(true, null, rules, explanation + ".", k, policy.Version);
    }
}
