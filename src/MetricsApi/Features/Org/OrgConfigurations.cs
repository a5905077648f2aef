using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MetricsApi.Features.Org;

/// <summary>Table <c>org_units</c>.</summary>
public sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("org_units");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id");
        builder.Property(u => u.ExternalId).HasColumnName("external_id").HasMaxLength(200);
        builder.Property(u => u.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(u => u.Kind).HasColumnName("kind").HasMaxLength(20);
        builder.Property(u => u.ParentId).HasColumnName("parent_id");
        builder.Property(u => u.Path).HasColumnName("path").HasMaxLength(400);
        builder.Property(u => u.Source).HasColumnName("source").HasMaxLength(200);
        builder.HasIndex(u => u.ExternalId).IsUnique();
        builder.HasIndex(u => u.Path);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>memberships</c>.</summary>
public sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("memberships");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id");
        builder.Property(m => m.PersonKey).HasColumnName("person_key").HasMaxLength(64).IsFixedLength();
        builder.Property(m => m.TeamId).HasColumnName("team_id");
        builder.Property(m => m.ValidFrom).HasColumnName("valid_from");
        builder.Property(m => m.ValidTo).HasColumnName("valid_to");
        builder.Property(m => m.Source).HasColumnName("source").HasMaxLength(200);
        builder.Property(m => m.RecordedAt).HasColumnName("recorded_at");
        builder.Property(m => m.SupersededAt).HasColumnName("superseded_at");
        // One current row per (person, team, validFrom); superseded rows are history.
        builder.HasIndex(m => new { m.PersonKey, m.TeamId, m.ValidFrom }).IsUnique().HasFilter("superseded_at IS NULL");
        builder.HasIndex(m => new { m.TeamId, m.ValidFrom });
        builder.HasIndex(m => m.RecordedAt);
        builder.HasIndex(m => m.SupersededAt);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>unit_managers</c>.</summary>
public sealed class UnitManagerConfiguration : IEntityTypeConfiguration<UnitManager>
{
    public void Configure(EntityTypeBuilder<UnitManager> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("unit_managers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id");
        builder.Property(m => m.PersonKey).HasColumnName("person_key").HasMaxLength(64).IsFixedLength();
        builder.Property(m => m.OrgUnitId).HasColumnName("org_unit_id");
        builder.Property(m => m.ValidFrom).HasColumnName("valid_from");
        builder.Property(m => m.ValidTo).HasColumnName("valid_to");
        builder.Property(m => m.Source).HasColumnName("source").HasMaxLength(200);
        builder.HasIndex(m => new { m.PersonKey, m.OrgUnitId, m.ValidFrom }).IsUnique();
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>org_unit_versions</c>.</summary>
public sealed class OrgUnitVersionConfiguration : IEntityTypeConfiguration<OrgUnitVersion>
{
    public void Configure(EntityTypeBuilder<OrgUnitVersion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("org_unit_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasColumnName("id");
        builder.Property(v => v.UnitId).HasColumnName("unit_id");
        builder.Property(v => v.ValidFrom).HasColumnName("valid_from");
        builder.Property(v => v.ValidTo).HasColumnName("valid_to");
        builder.Property(v => v.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(v => v.Kind).HasColumnName("kind").HasMaxLength(20);
        builder.Property(v => v.ParentId).HasColumnName("parent_id");
        builder.Property(v => v.RecordedAt).HasColumnName("recorded_at");
        builder.Property(v => v.SupersededAt).HasColumnName("superseded_at");
        builder.Property(v => v.Source).HasColumnName("source").HasMaxLength(200);
        builder.HasIndex(v => new { v.UnitId, v.ValidFrom });
        builder.HasIndex(v => v.RecordedAt);
        builder.HasIndex(v => v.SupersededAt);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(v => v.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
