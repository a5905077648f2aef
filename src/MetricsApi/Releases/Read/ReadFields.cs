using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Access.Scope;

namespace MetricsApi.Releases.Read;

/// <summary>Adds <c>metricValues</c> and <c>explainAccess</c> to the query root and <c>usage</c> to <c>Viewer</c>.</summary>
public static class ReadFields
{
    public static void AddReadQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<MetricSeriesType>>("metricValues")
            .Description("A published metric's values for groups and periods, through policy: the purpose must be allowed to your roles and by the metric (ACTIVITY, ADOPTION and SENTIMENT never for PERFORMANCE_REVIEW), the scope must be yours (OUT_OF_SCOPE otherwise, the same whether the unit exists or not), groups under the minimum size are suppressed per point, and every call (each alias) is audited before the response leaves. No argument or shape returns one person's values: see `viewer { usage }` for your own.")
            .Argument<NonNullGraphType<StringGraphType>>("metric", "The metric key.")
            .Argument<NonNullGraphType<PurposeType>>("purpose", "Why you read it; checked against your roles and the metric, and written to the audit log.")
            .Argument<NonNullGraphType<PeriodInputType>>("period", "The aligned periods.")
            .Argument<IdGraphType>("scope", "An org unit in your scope to restrict the groups to (default: all of your scope).")
            .Argument<GroupLevelType>("groupBy", "The group level (default TEAM).", a => a.DefaultValue = GroupLevels.Team)
            .Argument<StringGraphType>("dimension", "One of the metric's dimensions (e.g. `tool`) to split points by.")
            .ResolveAsync(async c =>
            {
                var (grain, from, to) = Period(c);
                return await c.RequestServices!.GetRequiredService<MetricValuesReader>().ReadAsync(c.User!, new MetricValuesRequest(
                    c.GetArgument<string>("metric"), c.GetArgument<string>("purpose"), grain, from, to, c.GetArgument<string?>("scope"),
                    c.GetArgument<string?>("groupBy") ?? GroupLevels.Team, c.GetArgument<string?>("dimension")), c.CancellationToken).ConfigureAwait(false);
            });
    }

    public static void AddExplainAccessQuery(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<AccessExplanationType>>("explainAccess")
            .Description("What policy would decide if you read this metric for this purpose, scope and grouping (the same read plan `metricValues` decides with), with the rule codes and a sentence, without reading values. Unknown and out-of-scope units get the same answer.")
            .Argument<NonNullGraphType<StringGraphType>>("metric", "The metric key.")
            .Argument<NonNullGraphType<PurposeType>>("purpose", "The purpose you would declare.")
            .Argument<IdGraphType>("scope", "The org unit you would read (default: your scope).")
            .Argument<GroupLevelType>("groupBy", "How values would be grouped (default TEAM).")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<AccessExplainer>().ExplainAsync(
                c.User!, c.GetArgument<string>("metric"), c.GetArgument<string>("purpose"), c.GetArgument<string?>("scope"),
                c.GetArgument<string?>("groupBy") ?? GroupLevels.Team, c.CancellationToken).ConfigureAwait(false));
    }

    public static void AddUsageField<T>(this ObjectGraphType<T> viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        viewer.Field<NonNullGraphType<UsageSeriesType>>("usage")
            .Description("Your own values of a metric (purpose SELF_REFLECTION): computed from your events only, for metrics measured per person that allow self-reflection. Nobody else can read them. Audited.")
            .Argument<NonNullGraphType<StringGraphType>>("metric", "The metric key.")
            .Argument<NonNullGraphType<PeriodInputType>>("period", "The aligned periods.")
            .Argument<StringGraphType>("dimension", "One of the metric's dimensions (e.g. `tool`) to split by.")
            .ResolveAsync(async c =>
            {
                var (grain, from, to) = Period(c);
                return await c.RequestServices!.GetRequiredService<SelfUsageReader>().UsageAsync(
                    c.User!, c.GetArgument<string>("metric"), grain, from, to, c.GetArgument<string?>("dimension"), c.CancellationToken).ConfigureAwait(false);
            });
    }

    private static (string Grain, DateOnly From, DateOnly To) Period(IResolveFieldContext context)
    {
        var period = context.GetArgument<Dictionary<string, object?>>("period");
        return ((string)period["grain"]!, (DateOnly)period["from"]!, (DateOnly)period["to"]!);
    }
}
