using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Data;

/// <summary>
/// The service's EF Core model. One subclass per provider carries that provider's migrations
/// (EF Core "Migrations with Multiple Providers", one context type per provider); the model itself
/// is defined here once, through one <see cref="IEntityTypeConfiguration{TEntity}"/> per entity.
/// </summary>
public abstract class MetricsDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MetricsDbContext).Assembly);
    }
}
