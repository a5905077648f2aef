using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Features.Viewer;

/// <summary>The app roles of PRODUCT.md §3 as a GraphQL enum.</summary>
public sealed class RoleType : EnumerationGraphType
{
    public RoleType()
    {
        Name = "Role";
        Description = "An app role from the token's `roles` claim. A principal may hold several; role names this service does not know grant nothing and are not listed.";
        Add("ENGINEER", Roles.Engineer, "App role `Engineer`: reads their own usage (self-reflection) and their own teams' aggregates.");
        Add("MANAGER", Roles.Manager, "App role `Manager`: reads aggregates of the units they manage and everything below them; never an individual's usage.");
        Add("LEADER", Roles.Leader, "App role `Leader`: reads aggregates of their org subtree; never an individual's usage.");
        Add("ANALYST", Roles.Analyst, "App role `Analyst`: reads company-wide aggregates for portfolio reporting and tool evaluation.");
        Add("AUDITOR", Roles.Auditor, "App role `Auditor`: reads the catalogue, policies, lineage and the audit log; not metric values.");
        Add("METRIC_STEWARD", Roles.MetricSteward, "App role `MetricSteward`: proposes, reviews, publishes and deprecates metric definitions.");
        Add("PRIVACY_OFFICER", Roles.PrivacyOfficer, "App role `PrivacyOfficer`: sets policy and approves sensitive metrics.");
        Add("INGESTOR", Roles.Ingestor, "App role `Ingestor`: a telemetry or directory system that pushes events.");
    }
}
