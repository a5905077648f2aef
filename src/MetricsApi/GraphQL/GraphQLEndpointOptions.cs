namespace MetricsApi.GraphQL;

/// <summary>Limits of the GraphQL endpoint (configuration section <c>GraphQL</c>).</summary>
public sealed class GraphQLEndpointOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest accepted request body (POST) or query string (GET), in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest field nesting an operation may have (introspection has its own bound).</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Highest complexity score an operation may have (see the complexity analyzer).</summary>
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>
    /// Most points one request may ask for: periods × groups × (dimension values + guardrails) per
    /// <c>metricValues</c> field, each alias added up (see <c>QueryCost</c>). GitHub allows 500,000 nodes per call.
    /// </summary>
    public long MaxPointsPerRequest { get; set; } = 500_000;

    /// <summary>Depth allowed to introspection-only operations: graphql-js's standard query needs about 15.</summary>
    public int MaxIntrospectionDepth { get; set; } = 20;

    /// <summary>Complexity allowed to introspection-only operations, which are cheap but list-heavy.</summary>
    public int MaxIntrospectionComplexity { get; set; } = 5_000_000;
}
