using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using MetricsApi.GraphQL;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Read;

/// <summary>
/// Counts the points a request will return (<see cref="QueryCost"/>) once its arguments and variables
/// are known and before anything executes, and refuses it as <c>QUERY_TOO_COMPLEX</c> above the budget
/// (<c>GraphQL:MaxPointsPerRequest</c>, 500,000 by default as GitHub's node limit). Groups come from the
/// same read plan the read will use, so the count is what the caller may actually read.
/// </summary>
public sealed class QueryCostRule(IOptions<GraphQLEndpointOptions> options) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cost = context.RequestServices?.GetService<QueryCost>();
        if (cost is null || context.Operation is null)
        {
            return new((INodeVisitor?)null);
        }

        cost.Budget = options.Value.MaxPointsPerRequest;
        cost.Counted = true;
        return new(new Visitor(context, cost));
    }

    private sealed class Visitor(ValidationContext context, QueryCost cost) : INodeVisitor
    {
        private readonly HashSet<string> _usedFragments = (context.GetRecursivelyReferencedFragments(context.Operation) ?? [])
            .Select(f => f.FragmentName.Name.StringValue).ToHashSet(StringComparer.Ordinal);

        private bool _active;

        public async ValueTask EnterAsync(ASTNode node, ValidationContext context)
        {
            switch (node)
            {
                case GraphQLOperationDefinition operation:
                    _active = ReferenceEquals(operation, context.Operation);
                    break;
                case GraphQLFragmentDefinition fragment:
                    _active = _usedFragments.Contains(fragment.FragmentName.Name.StringValue);
                    break;
                case GraphQLField field when _active:
                    var parent = context.TypeInfo.GetParentType()?.GetNamedType();
                    var name = field.Name.StringValue;
                    if (parent?.Name == "Query" && name == "metricValues")
                    {
                        cost.Add(await MetricValuesPointsAsync(field, context).ConfigureAwait(false));
                    }
                    else if (parent?.Name == "Viewer" && name == "usage")
                    {
                        cost.Add(UsagePoints(field, context));
                    }
                    else if (parent is not null && context.User is { } user
                        && context.RequestServices?.GetServices<IGovernedFieldCost>().FirstOrDefault(f => f.Parent == parent.Name && f.Field == name) is { } governed)
                    {
                        cost.Add(await governed.PointsAsync(user, Arguments(field, context), context.CancellationToken).ConfigureAwait(false));
                    }

                    break;
            }
        }

        public async ValueTask LeaveAsync(ASTNode node, ValidationContext context)
        {
            if (node is GraphQLOperationDefinition operation && ReferenceEquals(operation, context.Operation) && cost.Points > cost.Budget)
            {
                context.ReportError(new QueryCostError(context, operation, cost));
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }

        private static async Task<long> MetricValuesPointsAsync(GraphQLField field, ValidationContext context)
        {
            var args = Arguments(field, context);
            if (context.User is not { } user || Period(args) is not { } period
                || args.GetValueOrDefault("metric") is not string metric || args.GetValueOrDefault("purpose") is not string purpose)
            {
                return 0;
            }

            return await context.RequestServices!.GetRequiredService<ReadCost>().MetricValuesAsync(user, metric, purpose, period.Grain, period.From, period.To,
                args.GetValueOrDefault("scope") as string, args.GetValueOrDefault("groupBy") as string, args.GetValueOrDefault("dimension") as string, context.CancellationToken).ConfigureAwait(false);
        }

        private static long UsagePoints(GraphQLField field, ValidationContext context)
        {
            var args = Arguments(field, context);
            if (Period(args) is not { } period || ReadCost.PeriodCount(period.Grain, period.From, period.To) is not { } periods)
            {
                return 0;
            }

            return (long)periods * (args.GetValueOrDefault("dimension") is string dimension ? context.RequestServices!.GetRequiredService<ReadCost>().DimensionCount(dimension) : 1);
        }

        private static Dictionary<string, object?> Arguments(GraphQLField field, ValidationContext context) =>
            context.ArgumentValues?.TryGetValue(field, out var values) == true
                ? values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal)
                : [];

        /// <summary>The <c>period</c> argument; null when it is missing or incomplete.</summary>
        private static (string Grain, DateOnly From, DateOnly To)? Period(Dictionary<string, object?> args)
        {
            static object? Get(IDictionary<string, object?> input, string key) => input.TryGetValue(key, out var value) ? value : null;
            return args.GetValueOrDefault("period") is IDictionary<string, object?> period
                && Get(period, "grain") is string grain && Get(period, "from") is DateOnly from && Get(period, "to") is DateOnly to
                ? (grain, from, to)
                : null;
        }
    }
}

/// <summary>A request above the points budget.</summary>
public sealed class QueryCostError : ValidationError
{
    public QueryCostError(ValidationContext context, ASTNode node, QueryCost cost)
        : base(context?.Document.Source ?? default, "cost",
            $"This request asks for {cost!.Points:N0} points ({cost.Fields} governed fields: periods × groups × dimension values and guardrails, plus {QueryCost.PerField:N0} per field); at most {cost.Budget:N0} are served per request. Ask for fewer periods, groups or aliases, or split the request.",
            node)
    {
        Code = ErrorCodes.QueryTooComplex;
    }
}
