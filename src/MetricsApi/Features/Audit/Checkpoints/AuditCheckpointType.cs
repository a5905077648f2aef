using GraphQL.Types;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>GraphQL shape of <see cref="AuditCheckpoint"/>.</summary>
public sealed class AuditCheckpointType : ObjectGraphType<AuditCheckpoint>
{
    public AuditCheckpointType()
    {
        Name = "AuditCheckpoint";
        Description = "A signed statement of the audit log's size and newest hash at a time. Keep `note` outside this database; `tools/audit-verify/` checks an export of the log against it with the public key (docs/audit-log.md).";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Entries in the log then: the sequence of the newest entry covered (0 for an empty log).").Resolve(c => c.Source.Sequence);
        Field(c => c.HeadHash).Description("Hash of that entry (64 zeros for an empty log).");
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When it was signed (UTC, microsecond precision).").Resolve(c => c.Source.CreatedAt);
        Field(c => c.Origin).Description("The name of the log it speaks for (`Audit:CheckpointOrigin`).");
        Field(c => c.KeyId).Description("Which key signed it: first 4 bytes (hex) of SHA-256 over the public key's SubjectPublicKeyInfo.");
        Field(c => c.Signature).Description("Base64 of the DER ECDSA P-256 SHA-256 signature over the note's body.");
        Field<NonNullGraphType<StringGraphType>>("note").Description("The whole signed note (body, blank line, signature line), as the offline verifier reads it.").Resolve(c => CheckpointNote.Text(c.Source));
    }
}
