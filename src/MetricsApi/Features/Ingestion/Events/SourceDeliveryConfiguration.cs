using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Ingestion.Events;

/// <summary>Table <c>source_deliveries</c>: primary key (source, type).</summary>
public sealed class SourceDeliveryConfiguration : IEntityTypeConfiguration<SourceDelivery>
{
    public void Configure(EntityTypeBuilder<SourceDelivery> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("source_deliveries");
        builder.HasKey(d => new { d.Source, d.Type });
        builder.Property(d => d.Source).HasColumnName("source").HasMaxLength(200);
        builder.Property(d => d.Type).HasColumnName("type").HasMaxLength(40);
        builder.Property(d => d.EventCount).HasColumnName("event_count");
        builder.Property(d => d.LastSeen).HasColumnName("last_seen");
    }
}
