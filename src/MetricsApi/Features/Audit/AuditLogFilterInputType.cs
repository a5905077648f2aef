using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Features.Audit;

/// <summary>GraphQL input of <see cref="AuditLogFilter"/>.</summary>
public sealed class AuditLogFilterInputType : InputObjectGraphType<AuditLogFilter>
{
    public AuditLogFilterInputType()
    {
        Name = "AuditLogFilter";
        Description = "Conditions on audit entries; all given conditions must hold.";
        Field(f => f.Principal, nullable: true).Description("Object id or exact display name of who acted.");
        Field<AuditActionType>("action").Description("Only entries of this action.");
        Field<PurposeType>("purpose").Description("Only entries declaring this purpose.");
        Field(f => f.Metric, nullable: true).Description("Only entries that touched this metric key, or asked for it while it was not a known key (stored as its `unknown:` marker).");
        Field<AuditDecisionType>("decision").Description("Only entries with this decision.");
        Field(f => f.From, nullable: true).Description("Only entries at or after this time.");
        Field(f => f.To, nullable: true).Description("Only entries at or before this time.");
    }
}
