using GraphQL.Types;

namespace MetricsApi.Features.Audit;

/// <summary>GraphQL enum of <see cref="AuditActions"/>.</summary>
public sealed class AuditActionType : EnumerationGraphType
{
    public AuditActionType()
    {
        Name = "AuditAction";
        Description = "What an audit entry records.";
        Add(AuditActions.ReadMetricValues, AuditActions.ReadMetricValues, "Metric values were read (one entry per metricValues field, aliases included).");
        Add(AuditActions.Export, AuditActions.Export, "Aggregate values were exported as CSV for BI tools (`/export/metric-values.csv`, `/export/target-progress.csv`): one entry per file, with the purpose, metrics, scope and points like a read.");
        Add(AuditActions.Denied, AuditActions.Denied, "A request was refused: missing role, purpose not allowed or out of scope.");
        Add(AuditActions.CatalogueChange, AuditActions.CatalogueChange, "A metric definition changed state (draft, review, approval, publication, deprecation).");
        Add(AuditActions.PolicyChange, AuditActions.PolicyChange, "The access policy changed.");
        Add(AuditActions.IngestBatch, AuditActions.IngestBatch, "A batch of events was ingested (counts of accepted, duplicate and rejected events).");
        Add(AuditActions.ReadAuditLog, AuditActions.ReadAuditLog, "Someone read the audit log: auditors are audited too.");
        Add(AuditActions.VerifyAuditLog, AuditActions.VerifyAuditLog, "Someone verified the audit log's hash chain; the rule codes hold the outcome.");
        Add(AuditActions.ReleaseRevision, AuditActions.ReleaseRevision, "A MetricSteward asked for a released period to be revised with the data that arrived late.");
        Add(AuditActions.CheckpointAuditLog, AuditActions.CheckpointAuditLog, "Someone had a signed checkpoint of the audit log made; the target names the log size it covers.");
        Add(AuditActions.TargetChange, AuditActions.TargetChange, "A target was created, revised, approved, rejected or retired; the rule code is the step and the target names its key and version.");
        Add(AuditActions.ReadTargetProgress, AuditActions.ReadTargetProgress, "A target's progress was read: the released values of its metric and guardrails for the unit (and its teams for a roll-up), one entry per `targetProgress` field.");
    }
}

/// <summary>GraphQL enum of <see cref="AuditDecisions"/>.</summary>
public sealed class AuditDecisionType : EnumerationGraphType
{
    public AuditDecisionType()
    {
        Name = "AuditDecision";
        Description = "What policy decided for the audited action.";
        Add(AuditDecisions.Allowed, AuditDecisions.Allowed, "Served in full.");
        Add(AuditDecisions.PartiallySuppressed, AuditDecisions.PartiallySuppressed, "Served, with some points suppressed (small groups, complementary cells).");
        Add(AuditDecisions.Denied, AuditDecisions.Denied, "Refused; the rule codes say why.");
    }
}

/// <summary>GraphQL enum of <see cref="AuditChainProblem"/>.</summary>
public sealed class AuditChainProblemType : EnumerationGraphType<AuditChainProblem>
{
    public AuditChainProblemType()
    {
        Name = "AuditChainProblem";
        Description = "What is wrong where the audit log's hash chain first breaks.";
        Value(AuditChainProblem.HashMismatch).Description = "The entry's content no longer matches its stored hash: the row was edited.";
        Value(AuditChainProblem.PreviousHashMismatch).Description = "The entry does not link to the hash of the entry before it: rows were removed, inserted or reordered.";
        Value(AuditChainProblem.SequenceGap).Description = "A sequence number is missing: a row was deleted.";
        Value(AuditChainProblem.HeadMismatch).Description = "The log ends before the newest entry the chain head recorded: entries were cut off the end.";
        Value(AuditChainProblem.CheckpointMismatch).Description = "A signed checkpoint does not match the log (or its signature does not verify): the chain was rewritten, even if its hashes were recomputed.";
    }

    private EnumValueDefinition Value(AuditChainProblem problem) => Values.FindByValue(problem)!;
}
