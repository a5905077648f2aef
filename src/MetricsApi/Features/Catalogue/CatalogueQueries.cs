using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay.DataObjects;
using MetricsApi.GraphQL;

namespace MetricsApi.Features.Catalogue;

/// <summary>Adds <c>metrics</c> and <c>metric</c> to the query root; every authenticated role may read the catalogue.</summary>
public static class CatalogueQueries
{
    public const int MaxPageSize = 200;

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
                var after = ctx.GetArgument<string?>("after") is { } cursor ? CatalogueReader.DecodeCursor(cursor) : null;
                var rest = after is null ? found : found.Where(m => string.CompareOrdinal(m.Key, after) > 0).ToList();
                var page = rest.Take(size).Select(m => new Edge<Metric> { Cursor = CatalogueReader.Cursor(m.Key), Node = m }).ToList();
                return new Connection<Metric, Edge<Metric>>
                {
                    Edges = page,
                    TotalCount = found.Count,
                    PageInfo = new PageInfo
                    {
                        HasNextPage = rest.Count > size,
                        HasPreviousPage = after is not null,
                        StartCursor = page.FirstOrDefault()?.Cursor,
                        EndCursor = page.LastOrDefault()?.Cursor,
                    },
                };
            });

        query.Field<NonNullGraphType<MetricType>>("metric")
            .Description("One metric by key (`NOT_FOUND` if there is none), with its current version, history, diffs and lineage.")
            .Argument<NonNullGraphType<StringGraphType>>("key", "The metric key.")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<CatalogueReader>()
                .GetAsync(ctx.GetArgument<string>("key"), ctx.CancellationToken).ConfigureAwait(false));
    }
}

/// <summary>Relay edge of <see cref="MetricType"/>.</summary>
public sealed class MetricEdgeType : ObjectGraphType<Edge<Metric>>
{
    public MetricEdgeType()
    {
        Name = "MetricEdge";
        Description = "A metric and its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to continue after this metric.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<MetricType>>("node").Description("The metric.").Resolve(c => c.Source.Node);
    }
}

/// <summary>Relay connection of <see cref="MetricType"/>.</summary>
public sealed class MetricConnectionType : ObjectGraphType<Connection<Metric, Edge<Metric>>>
{
    public MetricConnectionType()
    {
        Name = "MetricConnection";
        Description = "A page of metrics, ordered by key.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricEdgeType>>>>("edges").Description("The metrics of this page with cursors.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricType>>>>("nodes").Description("The metrics of this page.").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more pages exist and the cursors at either end.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("Number of metrics matching the filter.").Resolve(c => c.Source.TotalCount);
    }
}
