using GraphQL.Types;
using GraphQL.Types.Relay.DataObjects;

namespace MetricsApi.GraphQL;

/// <summary>Relay page information shared by every connection.</summary>
public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in a Relay connection.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("True when more items follow this page.").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Description("True when this page was requested with a cursor, so items precede it.").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("Cursor of the first item on this page.").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Description("Cursor of the last item on this page; pass it as `after` for the next page.").Resolve(c => c.Source.EndCursor);
    }
}
