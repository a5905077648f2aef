using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MetricsApi.Hosting;

/// <summary>Ready means the database answers and every migration this build ships has been applied.</summary>
public sealed class DatabaseReadyHealthCheck(MetricsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The database is reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) are not applied yet.");
        }
#pragma warning disable CA1031 // A health check reports any failure as unhealthy rather than throwing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The database check failed: " + ex.GetType().Name);
        }
    }
}
