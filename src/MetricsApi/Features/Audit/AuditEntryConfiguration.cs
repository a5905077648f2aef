using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Audit;

/// <summary>Table <c>audit_entries</c>, snake_case so auditors can query it by hand on any provider.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.PrincipalId).HasColumnName("principal_id").HasMaxLength(200);
        builder.Property(e => e.PrincipalName).HasColumnName("principal_name").HasMaxLength(400);
        builder.Property(e => e.Roles).HasColumnName("roles").HasMaxLength(400);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(40);
        builder.Property(e => e.OperationName).HasColumnName("operation_name").HasMaxLength(200);
        builder.Property(e => e.DocumentHash).HasColumnName("document_hash").HasMaxLength(64);
        builder.Property(e => e.Purpose).HasColumnName("purpose").HasMaxLength(40);
        builder.Property(e => e.Metrics).HasColumnName("metrics").HasMaxLength(4000);
        builder.Property(e => e.Scope).HasColumnName("scope").HasMaxLength(4000);
        builder.Property(e => e.Target).HasColumnName("target").HasMaxLength(1000);
        builder.Property(e => e.Decision).HasColumnName("decision").HasMaxLength(40);
        builder.Property(e => e.RuleCodes).HasColumnName("rule_codes").HasMaxLength(1000);
        builder.Property(e => e.PolicyVersion).HasColumnName("policy_version");
        builder.Property(e => e.PointsServed).HasColumnName("points_served");
        builder.Property(e => e.PointsSuppressed).HasColumnName("points_suppressed");
        builder.Property(e => e.EventsAccepted).HasColumnName("events_accepted");
        builder.Property(e => e.EventsDuplicate).HasColumnName("events_duplicate");
        builder.Property(e => e.EventsRejected).HasColumnName("events_rejected");
        builder.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64).IsFixedLength();
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.PrincipalId, e.Sequence });
        builder.HasIndex(e => new { e.Action, e.Sequence });
    }
}
