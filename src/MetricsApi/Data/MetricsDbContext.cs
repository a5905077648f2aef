using MetricsApi.Features.Audit;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Features.Catalogue;
using MetricsApi.Targets.Define;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Data;

/// <summary>
/// The service's EF Core model. One subclass per provider carries that provider's migrations
/// (EF Core "Migrations with Multiple Providers", one context type per provider); the model itself
/// is defined here once, through one <see cref="IEntityTypeConfiguration{TEntity}"/> per entity.
/// </summary>
public abstract class MetricsDbContext(DbContextOptions options) : DbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditRewrites();
        RefuseTargetRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditRewrites();
        RefuseTargetRewrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The audit log is append-only in the model too: an edited or removed entry never reaches the
    /// database. A published metric version never changes either: only its deprecation may be recorded.
    /// </summary>
    private void RefuseAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
            || ChangeTracker.Entries<AuditCheckpoint>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries and checkpoints are append-only: they cannot be changed or deleted.");
        }

        foreach (var entry in ChangeTracker.Entries<MetricVersion>().Where(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            var wasPublished = entry.OriginalValues[nameof(MetricVersion.Status)] is MetricStatuses.Published or MetricStatuses.Deprecated;
            var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).Except(DeprecationFields).ToList();
            if (wasPublished && (entry.State == EntityState.Deleted || changed.Count > 0))
            {
                throw new InvalidOperationException($"Version {entry.Entity.Number} of '{entry.Entity.MetricKey}' is published and never changes; change the metric to create the next version.");
            }
        }
    }

    private void RefuseTargetRewrites()
    {
        // A target version never changes, except that a version awaiting approval is approved or rejected once.
        foreach (var entry in ChangeTracker.Entries<TargetVersion>().Where(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            var wasPending = entry.OriginalValues[nameof(TargetVersion.Status)] is TargetStatuses.PendingApproval;
            var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).Except(DecisionFields).ToList();
            if (entry.State == EntityState.Deleted || !wasPending || changed.Count > 0)
            {
                throw new InvalidOperationException($"Version {entry.Entity.Number} of target '{entry.Entity.TargetKey}' never changes; revise the target to write the next version.");
            }
        }
    }

    private static readonly string[] DecisionFields =
        [nameof(TargetVersion.Status), nameof(TargetVersion.ApproverId), nameof(TargetVersion.ApproverName), nameof(TargetVersion.ApprovedAt), nameof(TargetVersion.ApprovalComment), nameof(TargetVersion.RejectionReason)];

    private static readonly string[] DeprecationFields =
        [nameof(MetricVersion.Status), nameof(MetricVersion.DeprecatedAt), nameof(MetricVersion.ReplacementKey), nameof(MetricVersion.SunsetDate), nameof(MetricVersion.DeprecationReason)];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MetricsDbContext).Assembly);
    }
}
