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

    private static MetricsApiError? FirstRepeated<T>(IReadOnlyList<KeyValuePair<string, T>>? entries, string field, string what) =>
        entries?.GroupBy(e => e.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? new MetricsApiError(ErrorCodes.BadUserInput, $"The {what} '{twice.Key}' appears more than once in {field}: name each once.", new Dictionary<string, object?> { ["field"] = field })
            : null;

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
                var store = c.RequestServices!.GetRequiredService<PolicyStore>();
                var roles = (input.GetValueOrDefault("rolePurposes") as IEnumerable<object>)?.Cast<IDictionary<string, object?>>()
                    .Select(x => KeyValuePair.Create((string)x["role"]!, (IReadOnlyList<string>)[.. ((IEnumerable<object>)x["purposes"]!).Cast<string>()])).ToList();
                var sizes = (input.GetValueOrDefault("metricMinGroupSizes") as IEnumerable<object>)?.Cast<IDictionary<string, object?>>()
                    .Select(x => KeyValuePair.Create((string)x["metric"]!, (int)x["minGroupSize"]!)).ToList();

                // A role or metric named twice is ambiguous (which value wins?), so the change is refused, and audited like any refused change.
                if ((FirstRepeated(roles, "rolePurposes", "role") ?? FirstRepeated(sizes, "metricMinGroupSizes", "metric")) is { } repeated)
                {
                    await store.RecordRefusalAsync(repeated, sizes?.Select(s => s.Key).Distinct().ToList(), c.CancellationToken).ConfigureAwait(false);
                    throw repeated;
                }

                var change = new PolicyChange(input.GetValueOrDefault("minGroupSize") as int?, roles?.ToDictionary(StringComparer.Ordinal), sizes?.ToDictionary(StringComparer.Ordinal), (string)input["reason"]!)
                {
                    DominancePercent = input.GetValueOrDefault("dominancePercent") as int?,
                    ProtectionPercent = input.GetValueOrDefault("protectionPercent") as int?,
                };
                return await store.UpdateAsync(change, c.User!, c.CancellationToken).ConfigureAwait(false);
            });
    }
}
