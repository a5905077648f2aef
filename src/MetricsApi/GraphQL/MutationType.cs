using GraphQL.Types;
using MetricsApi.Access.Policy;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Releases.Publish;
using MetricsApi.Targets.Define;

namespace MetricsApi.GraphQL;

/// <summary>The mutation root; each feature adds its fields through an extension method.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Write operations. Only over POST; each names the role it needs.";
        this.AddIngestionMutations();
        this.AddCatalogueMutations();
        this.AddPolicyMutations();
        this.AddReleaseMutations();
        this.AddAuditCheckpointMutations();
        this.AddTargetMutations();
    }
}
