using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Features.Viewer;

namespace MetricsApi.Features.Audit;

/// <summary>GraphQL shape of one <see cref="AuditEntry"/>.</summary>
public sealed class AuditEntryType : ObjectGraphType<AuditEntry>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "One entry of the append-only, hash-chained audit log. Holds who did what, for which purpose and what policy decided; never metric values and never a data subject's identifier.";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Position in the chain: 1, 2, 3 ... without gaps.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<DateTimeGraphType>>("occurredAt").Description("When it happened (UTC, microsecond precision).").Resolve(c => c.Source.OccurredAt);
        Field<NonNullGraphType<IdGraphType>>("principalId").Description("Object id of who acted (`system:metricsapi` for the service itself). Accessors are accountable, so this is not pseudonymised.").Resolve(c => c.Source.PrincipalId);
        Field(e => e.PrincipalName).Description("Display name of who acted, as in their token.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RoleType>>>>("roles").Description("The known roles the principal held at the time.").Resolve(c => Split(c.Source.Roles));
        Field<NonNullGraphType<AuditActionType>>("action").Description("What was done.").Resolve(c => c.Source.Action);
        Field(e => e.OperationName, nullable: true).Description("The GraphQL operation name the client sent, if any.");
        Field(e => e.DocumentHash, nullable: true).Description("SHA-256 (hex) of the GraphQL document, to match a request without storing it.");
        Field<PurposeType>("purpose").Description("The declared purpose of a read of metric values.").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("metrics").Description("Keys of the metrics touched.").Resolve(c => Split(c.Source.Metrics));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("scope").Description("Org units touched.").Resolve(c => Split(c.Source.Scope));
        Field(e => e.Target, nullable: true).Description("The schema element, ingestion source or object acted on, e.g. `Query.auditLog`.");
        Field<NonNullGraphType<AuditDecisionType>>("decision").Description("What policy decided.").Resolve(c => c.Source.Decision);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("ruleCodes").Description("Codes of the rules that made the decision, e.g. `ROLE_REQUIRED`.").Resolve(c => Split(c.Source.RuleCodes));
        Field(e => e.PolicyVersion, nullable: true).Description("Version of the policy that decided.");
        Field(e => e.PointsServed, nullable: true).Description("Number of values served (not the values).");
        Field(e => e.PointsSuppressed, nullable: true).Description("Number of values suppressed by policy.");
        Field(e => e.EventsAccepted, nullable: true).Description("Events stored by an ingestion batch.");
        Field(e => e.EventsDuplicate, nullable: true).Description("Events of an ingestion batch that were already stored (replays).");
        Field(e => e.EventsRejected, nullable: true).Description("Events of an ingestion batch that were invalid.");
        Field(e => e.PreviousHash).Description("Hash of the previous entry (64 zeros for the first).");
        Field(e => e.Hash).Description("SHA-256 (hex) of this entry's canonical form; see docs/audit-log.md to re-verify offline.");
    }

    private static string[] Split(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',');
}
