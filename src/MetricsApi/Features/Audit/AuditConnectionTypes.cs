using GraphQL.Types;
using GraphQL.Types.Relay.DataObjects;

namespace MetricsApi.Features.Audit;

/// <summary>Relay edge of <see cref="AuditEntryType"/>.</summary>
public sealed class AuditEntryEdgeType : ObjectGraphType<Edge<AuditEntry>>
{
    public AuditEntryEdgeType()
    {
        Name = "AuditEntryEdge";
        Description = "An audit entry and its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to continue after this entry.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<AuditEntryType>>("node").Description("The entry.").Resolve(c => c.Source.Node);
    }
}

/// <summary>Relay connection of <see cref="AuditEntryType"/>, newest first.</summary>
public sealed class AuditEntryConnectionType : ObjectGraphType<Connection<AuditEntry, Edge<AuditEntry>>>
{
    public AuditEntryConnectionType()
    {
        Name = "AuditEntryConnection";
        Description = "A page of audit entries, newest first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryEdgeType>>>>("edges").Description("The entries of this page with their cursors.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("nodes").Description("The entries of this page, without cursors.").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<GraphQL.PageInfoType>>("pageInfo").Description("Whether more pages exist and the cursors at either end.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("Number of entries matching the filter, over all pages.").Resolve(c => c.Source.TotalCount);
    }
}
