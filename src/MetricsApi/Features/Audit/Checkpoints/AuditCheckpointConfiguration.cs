using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>Table <c>audit_checkpoints</c>, snake_case like <c>audit_entries</c> so auditors can export it by hand.</summary>
public sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("audit_checkpoints");
        builder.HasKey(c => c.Sequence);
        builder.Property(c => c.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(c => c.HeadHash).HasColumnName("head_hash").HasMaxLength(64).IsFixedLength();
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.Origin).HasColumnName("origin").HasMaxLength(200);
        builder.Property(c => c.KeyId).HasColumnName("key_id").HasMaxLength(8).IsFixedLength();
        builder.Property(c => c.Signature).HasColumnName("signature").HasMaxLength(200);
    }
}
