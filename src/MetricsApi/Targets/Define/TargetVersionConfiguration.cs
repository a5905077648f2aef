using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Targets.Define;

/// <summary>Table <c>target_versions</c>: one row per version, (target_key, number) unique.</summary>
public sealed class TargetVersionConfiguration : IEntityTypeConfiguration<TargetVersion>
{
    public void Configure(EntityTypeBuilder<TargetVersion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("target_versions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id");
        builder.Property(t => t.TargetKey).HasColumnName("target_key").HasMaxLength(80);
        builder.Property(t => t.Number).HasColumnName("number");
        builder.Property(t => t.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(t => t.MetricKey).HasColumnName("metric_key").HasMaxLength(100);
        builder.Property(t => t.MetricVersion).HasColumnName("metric_version");
        builder.Property(t => t.MetricKind).HasColumnName("metric_kind").HasMaxLength(20);
        builder.Property(t => t.UnitId).HasColumnName("unit_id");
        builder.Property(t => t.BaselineGrain).HasColumnName("baseline_grain").HasMaxLength(10);
        builder.Property(t => t.BaselineStart).HasColumnName("baseline_start");
        builder.Property(t => t.BaselineEnd).HasColumnName("baseline_end");
        builder.Property(t => t.GoalKind).HasColumnName("goal_kind").HasMaxLength(30);
        builder.Property(t => t.GoalValue).HasColumnName("goal_value");
        builder.Property(t => t.Deadline).HasColumnName("deadline");
        builder.Property(t => t.Owner).HasColumnName("owner").HasMaxLength(200);
        builder.Property(t => t.Description).HasColumnName("description").HasMaxLength(4000);
        builder.Property(t => t.AuthorId).HasColumnName("author_id").HasMaxLength(200);
        builder.Property(t => t.AuthorName).HasColumnName("author_name").HasMaxLength(400);
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.ChangeReason).HasColumnName("change_reason").HasMaxLength(2000);
        builder.Property(t => t.ApproverId).HasColumnName("approver_id").HasMaxLength(200);
        builder.Property(t => t.ApproverName).HasColumnName("approver_name").HasMaxLength(400);
        builder.Property(t => t.ApprovedAt).HasColumnName("approved_at");
        builder.Property(t => t.ApprovalComment).HasColumnName("approval_comment").HasMaxLength(2000);
        builder.Property(t => t.RejectionReason).HasColumnName("rejection_reason").HasMaxLength(2000);
        builder.HasIndex(t => new { t.TargetKey, t.Number }).IsUnique();
        builder.HasIndex(t => t.UnitId);
        builder.HasOne<Features.Org.OrgUnit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
