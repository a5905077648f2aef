using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Access.Policy;

/// <summary>
/// A stored policy version (2, 3, ...); version 1 is the shipped default (<c>PolicyRules.Default</c>).
/// Rows are only ever added.
/// </summary>
public sealed class PolicyVersion
{
    public int Version { get; set; }

    public int MinGroupSize { get; set; }

    public int DominancePercent { get; set; } = PolicyRules.DefaultDominancePercent;

    public int ProtectionPercent { get; set; } = PolicyRules.DefaultProtectionPercent;

    /// <summary>JSON object: role → purposes.</summary>
    public required string RolePurposes { get; set; }

    /// <summary>JSON object: metric key → minimum group size.</summary>
    public required string MetricMinGroupSizes { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string AuthorId { get; set; }

    public required string AuthorName { get; set; }

    public required string Reason { get; set; }
}

/// <summary>Table <c>policy_versions</c>.</summary>
public sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("policy_versions");
        builder.HasKey(p => p.Version);
        builder.Property(p => p.Version).HasColumnName("version").ValueGeneratedNever();
        builder.Property(p => p.MinGroupSize).HasColumnName("min_group_size");
        builder.Property(p => p.DominancePercent).HasColumnName("dominance_percent").HasDefaultValue(PolicyRules.DefaultDominancePercent);
        builder.Property(p => p.ProtectionPercent).HasColumnName("protection_percent").HasDefaultValue(PolicyRules.DefaultProtectionPercent);
        builder.Property(p => p.RolePurposes).HasColumnName("role_purposes").HasMaxLength(4000);
        builder.Property(p => p.MetricMinGroupSizes).HasColumnName("metric_min_group_sizes").HasMaxLength(8000);
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.Property(p => p.AuthorId).HasColumnName("author_id").HasMaxLength(200);
        builder.Property(p => p.AuthorName).HasColumnName("author_name").HasMaxLength(400);
        builder.Property(p => p.Reason).HasColumnName("reason").HasMaxLength(2000);
    }
}
