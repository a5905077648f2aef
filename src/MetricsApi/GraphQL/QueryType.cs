using GraphQL.Types;
using MetricsApi.Access.Policy;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Viewer;
using MetricsApi.Releases.Publish;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;
using MetricsApi.Targets.Progress;

namespace MetricsApi.GraphQL;

/// <summary>The query root; each feature adds its fields through an extension method.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Read operations. Every operation needs a bearer token; fields that need particular roles say so.";
        this.AddViewerQueries();
        this.AddAuditQueries();
        this.AddAuditCheckpointQueries();
        this.AddCatalogueQueries();
        this.AddPolicyQueries();
        this.AddExplainAccessQuery();
        this.AddReadQueries();
        this.AddReleaseQueries();
        this.AddTargetQueries();
        this.AddTargetProgressQuery();
    }
}
