using GraphQL.Types;

namespace MetricsApi.Features.Audit;

/// <summary>GraphQL shape of <see cref="AuditVerification"/>.</summary>
public sealed class AuditVerificationType : ObjectGraphType<AuditVerification>
{
    public AuditVerificationType()
    {
        Name = "AuditVerification";
        Description = "The result of recomputing the audit log's hash chain.";
        Field(v => v.Ok).Description("True when every entry in the range matches its hash, links to its predecessor and no sequence number is missing.");
        Field(v => v.EntriesChecked).Description("Number of entries that verified before the first problem (all of them when `ok`).");
        Field<LongGraphType>("firstCheckedSequence").Description("Sequence number of the first entry in the range.").Resolve(c => c.Source.FirstCheckedSequence);
        Field<LongGraphType>("lastCheckedSequence").Description("Sequence number of the last entry that verified.").Resolve(c => c.Source.LastCheckedSequence);
        Field<LongGraphType>("firstBrokenSequence").Description("Sequence number where the chain first breaks; null when `ok`.").Resolve(c => c.Source.FirstBrokenSequence);
        Field<AuditChainProblemType>("problem").Description("What is wrong at `firstBrokenSequence`; null when `ok`.").Resolve(c => c.Source.Problem);
        Field(v => v.Message).Description("A sentence for people.");
        Field(v => v.CheckpointsChecked).Description("Signed checkpoints in the range whose signature verified and whose head hash matched the log.");
        Field(v => v.HeadHash, nullable: true).Description("Hash of the newest entry when the chain verifies. Keep it somewhere outside this database to anchor later verifications.");
    }
}
