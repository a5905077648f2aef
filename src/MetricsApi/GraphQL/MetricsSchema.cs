using GraphQL.Types;

namespace MetricsApi.GraphQL;

/// <summary>The MetricsApi schema; its printed SDL is committed as <c>schema/metrics.graphql</c>.</summary>
public sealed class MetricsSchema : Schema
{
    public MetricsSchema(IServiceProvider services, QueryType query, MutationType mutation)
        : base(services)
    {
        Description = "MetricsApi: the governed catalogue of engineering metrics. Every read goes through policy.";
        Query = query;
        Mutation = mutation;

        // Let GraphiQL and graphql-codegen ask for everything graphql-js's introspection query can ask.
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
    }
}
