using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Audit;

/// <summary>Table <c>audit_chain_head</c>: exactly one row, created by the migration.</summary>
public sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("audit_chain_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(h => h.Sequence).HasColumnName("sequence");
        builder.Property(h => h.Hash).HasColumnName("hash").HasMaxLength(64).IsFixedLength();
        builder.HasData(new AuditChainHead { Id = AuditChainHead.SingletonId, Sequence = 0, Hash = AuditHashing.GenesisHash });
    }
}
