using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser.AST;

namespace MetricsApi.GraphQL;

/// <summary>Wires GraphQL.NET, our HTTP endpoint, the authorization rule and the query limits.</summary>
public static class GraphQLRegistration
{
    public const string Path = "/graphql";

    public static WebApplicationBuilder AddMetricsGraphQL(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GraphQLEndpointOptions.Section);
        builder.Services.Configure<GraphQLEndpointOptions>(section);
        var limits = section.Get<GraphQLEndpointOptions>() ?? new GraphQLEndpointOptions();

        builder.Services.AddSingleton<GraphQLHttpRequestReader>();
        builder.Services.AddSingleton<GraphQLHttpEndpoint>();
        builder.Services.AddScoped<Releases.Read.QueryCost>();
        builder.Services.AddGraphQL(b => b
            .AddSchema<MetricsSchema>()
            .AddGraphTypes(typeof(MetricsSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<MetricsErrorInfoProvider>()
            .AddValidationRule<FieldAuthorizationRule>()
            .AddValidationRule<Releases.Read.QueryCostRule>()
            .AddComplexityAnalyzer(o =>
            {
                o.MaxDepth = limits.MaxDepth;
                o.MaxComplexity = limits.MaxComplexity;
                o.ValidateComplexityDelegate = ctx =>
                {
                    // The standard introspection query of graphql-js is about 15 levels deep and list
                    // heavy; GraphiQL and graphql-codegen need it. Introspection-only operations get
                    // their own, wider bounds instead of the limits for data queries.
                    if (ctx.Error is not null && IsIntrospectionOnly(ctx.ValidationContext.Operation)
                        && ctx.MaxDepth <= limits.MaxIntrospectionDepth && ctx.TotalImpact <= limits.MaxIntrospectionComplexity)
                    {
                        ctx.Error = null;
                    }

                    return Task.CompletedTask;
                };
            })
            // One scoped DbContext per request is not safe under parallel resolvers on PostgreSQL.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query));
        return builder;
    }

    public static WebApplication MapMetricsGraphQL(this WebApplication app)
    {
        app.MapMethods(Path, ["GET", "POST", "PUT", "PATCH", "DELETE"], (HttpContext http, GraphQLHttpEndpoint endpoint) => endpoint.HandleAsync(http));
        return app;
    }

    /// <summary>Prints the schema as committed in <c>schema/metrics.graphql</c>: sorted, with descriptions.</summary>
    public static string PrintSdl(ISchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sdl = schema.Print(new PrintOptions
        {
            IncludeDescriptions = true,
            IncludeDeprecationReasons = true,
            StringComparison = StringComparison.Ordinal,
        });
        return sdl.ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    private static bool IsIntrospectionOnly(GraphQLOperationDefinition? operation) =>
        operation is { Operation: OperationType.Query }
        && operation.SelectionSet.Selections.All(s => s is GraphQLField f && f.Name.Value.Span.StartsWith("__"));
}
