using GraphQL.Types;

namespace MetricsApi.Features.Org;

/// <summary>GraphQL shape of an <see cref="OrgUnit"/>.</summary>
public sealed class OrgUnitType : ObjectGraphType<OrgUnit>
{
    public OrgUnitType()
    {
        Name = "OrgUnit";
        Description = "A unit of the org tree (company, org or two-pizza team) as the HR/directory feed delivered it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The unit's stable external id, as the directory feed names it; use it as `scope` in metric queries.").Resolve(c => c.Source.ExternalId);
        Field(u => u.Name).Description("Display name.");
        Field<NonNullGraphType<OrgUnitKindType>>("kind").Description("Level in the tree.").Resolve(c => c.Source.Kind);
    }
}

/// <summary>GraphQL enum of <see cref="OrgUnitKinds"/>.</summary>
public sealed class OrgUnitKindType : EnumerationGraphType
{
    public OrgUnitKindType()
    {
        Name = "OrgUnitKind";
        Description = "Level of an org unit.";
        Add(OrgUnitKinds.Company, OrgUnitKinds.Company, "The whole company: the root of the tree.");
        Add(OrgUnitKinds.Org, OrgUnitKinds.Org, "An org (division, department, group): orgs nest as deep as the company does.");
        Add(OrgUnitKinds.Team, OrgUnitKinds.Team, "A two-pizza team: the unit people are members of.");
    }
}
