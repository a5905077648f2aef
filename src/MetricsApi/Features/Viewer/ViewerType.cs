using GraphQL.Types;
using MetricsApi.Features.Org;
using MetricsApi.Releases.Read;

namespace MetricsApi.Features.Viewer;

/// <summary>GraphQL shape of <see cref="Viewer"/>.</summary>
public sealed class ViewerType : ObjectGraphType<Viewer>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The authenticated caller: who the API thinks you are, which roles it honours and which org units you may read.";
        Field(v => v.ObjectId, type: typeof(NonNullGraphType<IdGraphType>))
            .Description("Your object id (`oid` claim) in the identity provider. Audit entries name you by it.");
        Field(v => v.DisplayName)
            .Description("Your display name (`name` claim).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleType>>>>("roles")
            .Description("The known app roles in your token, in a fixed order. Unknown role names are ignored.")
            .Resolve(ctx => ctx.Source.Roles);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrgUnitType>>>>("scope")
            .Description("The org units whose aggregates you may read today, from the org data held by the service: an Engineer's own teams, a Manager's managed units and everything below, a Leader's org subtree, the whole company for an Analyst. Empty for roles that read no metric values.")
            .Resolve(ctx => ctx.Source.Scope);
        this.AddUsageField();
    }
}
