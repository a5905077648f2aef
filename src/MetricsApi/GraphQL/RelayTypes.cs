using System.Text;
using GraphQL.Types;
using GraphQL.Types.Relay.DataObjects;

namespace MetricsApi.GraphQL;

/// <summary>A Relay edge of <typeparamref name="TNodeType"/>; subclasses only name and describe it.</summary>
public abstract class RelayEdgeType<TNode, TNodeType> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    protected RelayEdgeType(string name, string description, string cursorDescription, string nodeDescription)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<StringGraphType>>("cursor").Description(cursorDescription).Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description(nodeDescription).Resolve(c => c.Source.Node);
    }
}

/// <summary>A Relay connection with edges, nodes, page info and total count.</summary>
public abstract class RelayConnectionType<TNode, TNodeType, TEdgeType> : ObjectGraphType<Connection<TNode, Edge<TNode>>>
    where TNodeType : IGraphType
    where TEdgeType : IGraphType
{
    protected RelayConnectionType(string name, string description, string edgesDescription, string nodesDescription, string totalDescription)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeType>>>>("edges").Description(edgesDescription).Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Description(nodesDescription).Resolve(c => c.Source.Items);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more pages exist and the cursors at either end.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description(totalDescription).Resolve(c => c.Source.TotalCount);
    }
}

/// <summary>Opaque Relay cursors: base64 of "prefix:value".</summary>
public static class Cursors
{
    public static string Encode(string prefix, string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{prefix}:{value}"));

    /// <summary>The value inside a cursor of this prefix; <c>BAD_USER_INPUT</c> (field <c>after</c>) otherwise.</summary>
    public static string Decode(string prefix, string cursor, string listName)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(prefix + ":", StringComparison.Ordinal))
            {
                return text[(prefix.Length + 1)..];
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        throw new MetricsApiError(ErrorCodes.BadUserInput, $"'after' is not a cursor returned by {listName}.", new Dictionary<string, object?> { ["field"] = "after" });
    }

    /// <summary>Builds one page of a connection from the items after the cursor (already filtered and ordered).</summary>
    public static Connection<TNode, Edge<TNode>> Page<TNode>(IReadOnlyList<TNode> rest, int size, int total, bool afterCursor, Func<TNode, string> cursor)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(cursor);
        var edges = rest.Take(size).Select(n => new Edge<TNode> { Cursor = cursor(n), Node = n }).ToList();
        return new Connection<TNode, Edge<TNode>>
        {
            Edges = edges,
            TotalCount = total,
            PageInfo = new PageInfo
            {
                HasNextPage = rest.Count > size,
                HasPreviousPage = afterCursor,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
        };
    }
}
