using GraphQL.Types;

namespace MetricsApi.Features.Ingestion;

/// <summary>One event for <c>ingestEvents</c>: the same flat shape as an NDJSON line.</summary>
public sealed class IngestEventInputType : InputObjectGraphType
{
    public IngestEventInputType()
    {
        Name = "IngestEventInput";
        Description = "One event, in the same flat shape as a line of `POST /ingest/events` (see docs/ingestion.md). Which fields are required depends on `type`; a missing or invalid field rejects only this event, with its index, field, code and message. Timestamps are ISO-8601 strings with an offset, dates are YYYY-MM-DD.";
        Field<StringGraphType>("type").Description("Required: deployment, ai_usage, tool_access, survey_response, org_unit, membership or manager.");
        Field<StringGraphType>("eventId").Description("Required: the producer's idempotency key; (source, eventId) is stored once.");
        Field<StringGraphType>("source").Description("Required: the producing system; appears in lineage.");
        Field<StringGraphType>("person").Description("ai_usage, tool_access, survey_response, membership, manager: the person's Entra object id (preferred), e-mail or UPN. Pseudonymised before storage.");
        Field<StringGraphType>("tool").Description("ai_usage, tool_access, survey_response: a known AI tool (Ingestion:KnownTools).");
        Field<StringGraphType>("team").Description("deployment, membership: external id of a TEAM.");
        Field<StringGraphType>("service").Description("deployment: the deployed service.");
        Field<StringGraphType>("environment").Description("deployment: target environment, e.g. production.");
        Field<StringGraphType>("status").Description("deployment: SUCCEEDED, FAILED or ROLLED_BACK.");
        Field<StringGraphType>("startedAt").Description("deployment: when it started.");
        Field<StringGraphType>("finishedAt").Description("deployment: when it finished (not before startedAt).");
        Field<IntGraphType>("leadTimeMinutes").Description("deployment, optional: commit-to-production lead time in minutes.");
        Field<BooleanGraphType>("causedIncident").Description("deployment, optional: whether it caused a production incident (change failure).");
        Field<StringGraphType>("restoredAt").Description("deployment, optional with causedIncident: when service was restored.");
        Field<StringGraphType>("model").Description("ai_usage: the model used.");
        Field<StringGraphType>("occurredAt").Description("ai_usage: when it happened.");
        Field<StringGraphType>("kind").Description("ai_usage: INVOCATION, OUTPUT_ACCEPTED or FEEDBACK_GIVEN. org_unit: COMPANY, ORG or TEAM.");
        Field<IntGraphType>("inputTokens").Description("ai_usage: input tokens (0 or more).");
        Field<IntGraphType>("outputTokens").Description("ai_usage: output tokens (0 or more).");
        Field<StringGraphType>("grantedAt").Description("tool_access: when the licence was granted.");
        Field<StringGraphType>("revokedAt").Description("tool_access, optional: when it was revoked.");
        Field<IntGraphType>("score").Description("survey_response: 0 to 10.");
        Field<StringGraphType>("submittedAt").Description("survey_response: when the answer was given.");
        Field<StringGraphType>("externalId").Description("org_unit: the unit's stable external id.");
        Field<StringGraphType>("name").Description("org_unit: display name.");
        Field<StringGraphType>("parent").Description("org_unit: external id of the parent unit (required unless COMPANY).");
        Field<StringGraphType>("orgUnit").Description("manager: external id of the managed unit.");
        Field<StringGraphType>("validFrom").Description("membership, manager: first day (YYYY-MM-DD).");
        Field<StringGraphType>("validTo").Description("membership, manager, optional: first day after (YYYY-MM-DD).");
    }
}

/// <summary>Why one event of a batch was rejected.</summary>
public sealed class IngestErrorType : ObjectGraphType<IngestError>
{
    public IngestErrorType()
    {
        Name = "IngestError";
        Description = "Why one event was rejected. The other events of the batch are unaffected.";
        Field<NonNullGraphType<IntGraphType>>("index").Description("0-based position of the event in `events`.").Resolve(c => c.Source.Position);
        Field(e => e.EventId, nullable: true).Description("The event's eventId, when it had one.");
        Field(e => e.Field, nullable: true).Description("The field at fault, when one is.");
        Field(e => e.Code).Description("Machine-readable reason: MISSING_FIELD, INVALID_TYPE, INVALID_VALUE, OUT_OF_RANGE, TOO_LONG, INVALID_TIMESTAMP, FUTURE_TIMESTAMP, TIME_ORDER, UNKNOWN_TYPE, UNKNOWN_FIELD, UNKNOWN_TOOL, UNKNOWN_TEAM, UNKNOWN_ORG_UNIT, NOT_AN_OBJECT.");
        Field(e => e.Message).Description("What is wrong, for people.");
    }
}

/// <summary>Outcome of an ingestion batch.</summary>
public sealed class IngestResultType : ObjectGraphType<IngestResult>
{
    public IngestResultType()
    {
        Name = "IngestResult";
        Description = "What a batch did. Everything counted as accepted is durably stored; the batch is one INGEST_BATCH audit entry.";
        Field(r => r.Accepted).Description("Events stored now.");
        Field(r => r.Duplicates).Description("Events whose (source, eventId) was already stored, or repeated within the batch: stored once, not again.");
        Field(r => r.Rejected).Description("Invalid events, not stored.");
        Field(r => r.ErrorsTruncated).Description("True when more events were rejected than `errors` lists (at most 1,000).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IngestErrorType>>>>("errors").Description("The rejected events and why.").Resolve(c => c.Source.Errors);
    }
}
