using GraphQL;
using GraphQL.Types;
using MetricsApi.GraphQL;

namespace MetricsApi.Access.Policy;

/// <summary>Adds <c>policy</c> (everyone) and <c>updatePolicy</c> (PrivacyOfficer).</summary>
public static class PolicyFields
{
    public static void AddPolicyQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<PolicyType>>("policy")
            .Description("The access policy (the current version by default). Every role may read it.")
            .Argument<IntGraphType>("version", "A past version to show instead.")
            .ResolveAsync(async c =>
            {
                var store = c.RequestServices!.GetRequiredService<PolicyStore>();
                return c.GetArgument<int?>("version") is { } version
                    ? await store.VersionAsync(version, c.CancellationToken).ConfigureAwait(false)
                        ?? throw new MetricsApiError(ErrorCodes.NotFound, $"There is no policy version {version}.", new Dictionary<string, object?> { ["field"] = "version" })
                    : await store.CurrentAsync(c.CancellationToken).ConfigureAwait(false);
            });
    }

    public static void AddPolicyMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<PolicyType>>("updatePolicy")
            .Description("Creates the next policy version. `PrivacyOfficer` only; audited as POLICY_CHANGE. Group sizes can only be raised.")
            .Argument<NonNullGraphType<PolicyInputType>>("input", "The change.")
            .AuthorizeWithRoles(Roles.PrivacyOfficer)
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var roles = input.GetValueOrDefault("rolePurposes") is IEnumerable<object> r
                    ? r.Cast<IDictionary<string, object?>>().ToDictionary(x => (string)x["role"]!, x => (IReadOnlyList<string>)[.. ((IEnumerable<object>)x["purposes"]!).Cast<string>()], StringComparer.Ordinal)
                    : null;
                var sizes = input.GetValueOrDefault("metricMinGroupSizes") is IEnumerable<object> m
                    ? m.Cast<IDictionary<string, object?>>().ToDictionary(x => (string)x["metric"]!, x => (int)x["minGroupSize"]!, StringComparer.Ordinal)
                    : null;
                var change = new PolicyChange(input.GetValueOrDefault("minGroupSize") as int?, roles, sizes, (string)input["reason"]!);
                return await c.RequestServices!.GetRequiredService<PolicyStore>().UpdateAsync(change, c.User!, c.CancellationToken).ConfigureAwait(false);
            });
    }
}
