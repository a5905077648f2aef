using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Releases.Publish;

/// <summary>Table <c>releases</c>: one row per release, unique per metric version, period, policy version and revision.</summary>
public sealed class ReleaseConfiguration : IEntityTypeConfiguration<Release>
{
    public void Configure(EntityTypeBuilder<Release> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("releases");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.MetricKey).HasColumnName("metric_key").HasMaxLength(100);
        builder.Property(r => r.MetricVersionId).HasColumnName("metric_version_id");
        builder.Property(r => r.MetricVersion).HasColumnName("metric_version");
        builder.Property(r => r.Grain).HasColumnName("grain").HasMaxLength(10);
        builder.Property(r => r.PeriodStart).HasColumnName("period_start");
        builder.Property(r => r.PeriodEnd).HasColumnName("period_end");
        builder.Property(r => r.PolicyVersion).HasColumnName("policy_version");
        builder.Property(r => r.MinGroupSize).HasColumnName("min_group_size");
        builder.Property(r => r.VintageId).HasColumnName("vintage_id");
        builder.Property(r => r.Revision).HasColumnName("revision");
        builder.Property(r => r.DataCutoff).HasColumnName("data_cutoff");
        builder.Property(r => r.BuiltAt).HasColumnName("built_at");
        builder.Property(r => r.Cells).HasColumnName("cells");
        builder.Property(r => r.CellsSuppressed).HasColumnName("cells_suppressed");
        builder.HasIndex(r => new { r.MetricVersionId, r.Grain, r.PeriodStart, r.PolicyVersion, r.Revision }).IsUnique();
        builder.HasIndex(r => new { r.Grain, r.PeriodStart });
        builder.HasOne<PeriodVintage>().WithMany().HasForeignKey(r => r.VintageId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Table <c>release_cells</c>. The key orders cells by release, level and dimension first, so "every
/// team of a release, totals only" and "one team split by tool" are each one range of the index.
/// </summary>
public sealed class ReleaseCellConfiguration : IEntityTypeConfiguration<ReleaseCell>
{
    public void Configure(EntityTypeBuilder<ReleaseCell> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("release_cells");
        builder.HasKey(c => new { c.ReleaseId, c.Level, c.Dimension, c.UnitId, c.DimensionValue });
        builder.Property(c => c.ReleaseId).HasColumnName("release_id");
        builder.Property(c => c.Level).HasColumnName("level").HasMaxLength(10);
        builder.Property(c => c.Dimension).HasColumnName("dimension").HasMaxLength(100);
        builder.Property(c => c.UnitId).HasColumnName("unit_id");
        builder.Property(c => c.DimensionValue).HasColumnName("dimension_value").HasMaxLength(200);
        builder.Property(c => c.Value).HasColumnName("value");
        builder.Property(c => c.Reason).HasColumnName("reason").HasMaxLength(30);
        builder.Property(c => c.People).HasColumnName("people");
        builder.Property(c => c.Empty).HasColumnName("empty");
        builder.HasOne<Release>().WithMany().HasForeignKey(c => c.ReleaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>period_vintages</c>.</summary>
public sealed class PeriodVintageConfiguration : IEntityTypeConfiguration<PeriodVintage>
{
    public void Configure(EntityTypeBuilder<PeriodVintage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("period_vintages");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasColumnName("id");
        builder.Property(v => v.Grain).HasColumnName("grain").HasMaxLength(10);
        builder.Property(v => v.PeriodStart).HasColumnName("period_start");
        builder.Property(v => v.Number).HasColumnName("number");
        builder.Property(v => v.DataCutoff).HasColumnName("data_cutoff");
        builder.Property(v => v.CreatedAt).HasColumnName("created_at");
        builder.Property(v => v.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
        builder.Property(v => v.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.HasIndex(v => new { v.Grain, v.PeriodStart, v.Number }).IsUnique();
    }
}

/// <summary>Table <c>release_leases</c>.</summary>
public sealed class ReleaseLeaseConfiguration : IEntityTypeConfiguration<ReleaseLease>
{
    public void Configure(EntityTypeBuilder<ReleaseLease> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("release_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasColumnName("name").HasMaxLength(50);
        builder.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(200);
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");
    }
}

/// <summary>Table <c>late_record_counts</c>: one row per vintage, updated as late records are counted.</summary>
public sealed class LateRecordCountConfiguration : IEntityTypeConfiguration<LateRecordCount>
{
    public void Configure(EntityTypeBuilder<LateRecordCount> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("late_record_counts");
        builder.HasKey(c => c.VintageId);
        builder.Property(c => c.VintageId).HasColumnName("vintage_id").ValueGeneratedNever();
        builder.Property(c => c.Records).HasColumnName("records");
        builder.Property(c => c.CountedUpTo).HasColumnName("counted_up_to");
        builder.HasOne<PeriodVintage>().WithMany().HasForeignKey(c => c.VintageId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>revision_requests</c>.</summary>
public sealed class RevisionRequestConfiguration : IEntityTypeConfiguration<RevisionRequest>
{
    public void Configure(EntityTypeBuilder<RevisionRequest> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("revision_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Grain).HasColumnName("grain").HasMaxLength(10);
        builder.Property(r => r.PeriodStart).HasColumnName("period_start");
        builder.Property(r => r.RequestedBy).HasColumnName("requested_by").HasMaxLength(200);
        builder.Property(r => r.RequestedByName).HasColumnName("requested_by_name").HasMaxLength(400);
        builder.Property(r => r.RequestedAt).HasColumnName("requested_at");
        builder.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.Property(r => r.DoneAt).HasColumnName("done_at");
        builder.Property(r => r.VintageId).HasColumnName("vintage_id");
        builder.HasIndex(r => r.DoneAt);
    }
}

/// <summary>Table <c>vintage_holds</c>.</summary>
public sealed class VintageHoldConfiguration : IEntityTypeConfiguration<VintageHold>
{
    public void Configure(EntityTypeBuilder<VintageHold> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("vintage_holds");
        builder.HasKey(h => new { h.VintageId, h.PersonKey });
        builder.Property(h => h.VintageId).HasColumnName("vintage_id");
        builder.Property(h => h.PersonKey).HasColumnName("person_key").HasMaxLength(64).IsFixedLength();
        builder.Property(h => h.Since).HasColumnName("since");
        builder.HasOne<PeriodVintage>().WithMany().HasForeignKey(h => h.VintageId).OnDelete(DeleteBehavior.Restrict);
    }
}
