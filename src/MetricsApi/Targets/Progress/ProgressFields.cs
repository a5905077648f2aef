using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Targets.Progress;

/// <summary>Adds <c>targetProgress</c> to the query root.</summary>
public static class ProgressFields
{
    public static void AddTargetProgressQuery(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<TargetProgressType>>("targetProgress")
            .Description("A target's progress against its version in force, read like `metricValues` for the target's unit (and its teams for a roll-up): the purpose must be allowed to your roles and by the metric, the unit must be in your scope, hidden values stay hidden (and never enter a window, ratio, trajectory or roll-up), and each call is audited as READ_TARGET_PROGRESS before the response leaves. `NOT_FOUND` for a target you may not see; `APPROVAL_MISSING` for an ADOPTION target not yet approved.")
            .Argument<NonNullGraphType<StringGraphType>>("target", "The target key.")
            .Argument<NonNullGraphType<PurposeType>>("purpose", "Why you read it; checked against your roles and the metric, and written to the audit log.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<TargetProgressReader>()
                .ReadAsync(c.User!, c.GetArgument<string>("target"), c.GetArgument<string>("purpose"), c.CancellationToken).ConfigureAwait(false));
    }
}
