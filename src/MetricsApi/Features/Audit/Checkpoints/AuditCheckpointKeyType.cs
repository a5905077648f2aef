using GraphQL.Types;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>GraphQL shape of the public half of <see cref="CheckpointSigningKey"/>.</summary>
public sealed class AuditCheckpointKeyType : ObjectGraphType<CheckpointSigningKey>
{
    public AuditCheckpointKeyType()
    {
        Name = "AuditCheckpointKey";
        Description = "The public key that verifies audit checkpoints. Pin it out of band (from the deployment's key store) rather than trusting this answer alone.";
        Field<NonNullGraphType<StringGraphType>>("algorithm").Description("Always `ECDSA_P256_SHA256`.").Resolve(_ => CheckpointSigningKey.Algorithm);
        Field(k => k.KeyId).Description("First 4 bytes (hex) of SHA-256 over the SubjectPublicKeyInfo; names the key in every checkpoint.");
        Field(k => k.PublicKeyPem).Description("The public key, SubjectPublicKeyInfo in PEM (`-----BEGIN PUBLIC KEY-----`).");
    }
}
