using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Catalogue;

/// <summary>Table <c>metric_versions</c>.</summary>
public sealed class MetricVersionConfiguration : IEntityTypeConfiguration<MetricVersion>
{
    public void Configure(EntityTypeBuilder<MetricVersion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("metric_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasColumnName("id");
        builder.Property(v => v.MetricKey).HasColumnName("metric_key").HasMaxLength(100);
        builder.Property(v => v.Number).HasColumnName("number");
        builder.Property(v => v.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(v => v.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(v => v.Description).HasColumnName("description").HasMaxLength(8000);
        builder.Property(v => v.Kind).HasColumnName("kind").HasMaxLength(20);
        builder.Property(v => v.Unit).HasColumnName("unit").HasMaxLength(100);
        builder.Property(v => v.Owner).HasColumnName("owner").HasMaxLength(200);
        builder.Property(v => v.Steward).HasColumnName("steward").HasMaxLength(200);
        builder.Property(v => v.AllowedPurposes).HasColumnName("allowed_purposes").HasMaxLength(400);
        builder.Property(v => v.MinGroupSize).HasColumnName("min_group_size");
        builder.Property(v => v.Guardrails).HasColumnName("guardrails").HasMaxLength(1000);
        builder.Property(v => v.Grains).HasColumnName("grains").HasMaxLength(100);
        builder.Property(v => v.Dimensions).HasColumnName("dimensions").HasMaxLength(400);
        builder.Property(v => v.Definition).HasColumnName("definition").HasMaxLength(8000);
        builder.Property(v => v.AuthorId).HasColumnName("author_id").HasMaxLength(200);
        builder.Property(v => v.AuthorName).HasColumnName("author_name").HasMaxLength(400);
        builder.Property(v => v.ChangeReason).HasColumnName("change_reason").HasMaxLength(2000);
        builder.Property(v => v.CreatedAt).HasColumnName("created_at");
        builder.Property(v => v.SubmittedAt).HasColumnName("submitted_at");
        builder.Property(v => v.PublishedAt).HasColumnName("published_at");
        builder.Property(v => v.DeprecatedAt).HasColumnName("deprecated_at");
        builder.Property(v => v.ReplacementKey).HasColumnName("replacement_key").HasMaxLength(100);
        builder.Property(v => v.SunsetDate).HasColumnName("sunset_date");
        builder.Property(v => v.DeprecationReason).HasColumnName("deprecation_reason").HasMaxLength(2000);
        builder.Property(v => v.RejectionReason).HasColumnName("rejection_reason").HasMaxLength(2000);
        builder.HasIndex(v => new { v.MetricKey, v.Number }).IsUnique();
        builder.HasMany(v => v.Approvals).WithOne().HasForeignKey(a => a.MetricVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>metric_approvals</c>.</summary>
public sealed class MetricApprovalConfiguration : IEntityTypeConfiguration<MetricApproval>
{
    public void Configure(EntityTypeBuilder<MetricApproval> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("metric_approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id");
        builder.Property(a => a.MetricVersionId).HasColumnName("metric_version_id");
        builder.Property(a => a.ApproverId).HasColumnName("approver_id").HasMaxLength(200);
        builder.Property(a => a.ApproverName).HasColumnName("approver_name").HasMaxLength(400);
        builder.Property(a => a.Role).HasColumnName("role").HasMaxLength(40);
        builder.Property(a => a.ApprovedAt).HasColumnName("approved_at");
        builder.Property(a => a.Comment).HasColumnName("comment").HasMaxLength(2000);
        builder.HasIndex(a => new { a.MetricVersionId, a.ApproverId, a.Role }).IsUnique();
    }
}
