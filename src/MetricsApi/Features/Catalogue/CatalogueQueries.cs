using GraphQL;
using GraphQL.Types;
using MetricsApi.GraphQL;

namespace MetricsApi.Features.Catalogue;

/// <summary>Adds <c>metrics</c> and <c>metric</c> to the query root; every authenticated role may read the catalogue.</summary>
public static class CatalogueQueries
{
    public const int MaxPageSize = 200;
    private const string CursorPrefix = "metric";

    public static void AddCatalogueQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<MetricConnectionType>>("metrics")
            .Description("The metric catalogue, ordered by key. Every role may read it: definitions, versions, approvals and lineage are public inside the company (no black box).")
            .Argument<IntGraphType>("first", "Page size, 1 to 200 (default 50).")
            .Argument<StringGraphType>("after", "Cursor to continue after (`pageInfo.endCursor`).")
            .Argument<MetricFilterWhereType>("where", "Filter on the current version.")
            .ResolveAsync(async ctx =>
            {
                var size = ctx.GetArgument<int?>("first") ?? 50;
                if (size is < 1 or > MaxPageSize)
                {
                    throw new MetricsApiError(ErrorCodes.BadUserInput, $"'first' must be between 1 and {MaxPageSize}.", new Dictionary<string, object?> { ["field"] = "first" });
                }

                var found = await ctx.RequestServices!.GetRequiredService<CatalogueReader>()
                    .FindAsync(ctx.GetArgument<MetricFilterInput?>("where") ?? new MetricFilterInput(), ctx.CancellationToken).ConfigureAwait(false);
                var after = ctx.GetArgument<string?>("after") is { } cursor ? Cursors.Decode(CursorPrefix, cursor, "metrics") : null;
                var rest = after is null ? found : found.Where(m => string.CompareOrdinal(m.Key, after) > 0).ToList();
                return Cursors.Page(rest, size, found.Count, after is not null, m => Cursors.Encode(CursorPrefix, m.Key));
            });

        query.Field<NonNullGraphType<MetricType>>("metric")
            .Description("One metric by key (`NOT_FOUND` if there is none), with its current version, history, diffs and lineage.")
            .Argument<NonNullGraphType<StringGraphType>>("key", "The metric key.")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<CatalogueReader>()
                .GetAsync(ctx.GetArgument<string>("key"), ctx.CancellationToken).ConfigureAwait(false));
    }
}

/// <summary>Relay edge of <see cref="MetricType"/>.</summary>
public sealed class MetricEdgeType() : RelayEdgeType<Metric, MetricType>(
    "MetricEdge", "A metric and its cursor.", "Pass as `after` to continue after this metric.", "The metric.");

/// <summary>Relay connection of <see cref="MetricType"/>.</summary>
public sealed class MetricConnectionType() : RelayConnectionType<Metric, MetricType, MetricEdgeType>(
    "MetricConnection", "A page of metrics, ordered by key.", "The metrics of this page with cursors.", "The metrics of this page.", "Number of metrics matching the filter.");
