using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// The builder's lease in <c>release_leases</c>: taken with one conditional UPDATE (free, expired, or
/// already ours), renewed between periods and given back when a pass ends. One holder at a time, on
/// every provider, without locks held across a build.
/// </summary>
public sealed class BuilderLease(MetricsDbContext db, DatabaseSettings settings, TimeProvider clock)
{
    public const string Name = "release-builder";

    /// <summary>This instance's identity as a lease holder.</summary>
    public static string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<bool> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var insert = settings.Provider == DatabaseProvider.SqlServer
            ? "IF NOT EXISTS (SELECT 1 FROM release_leases WHERE name = {0}) INSERT INTO release_leases (name, holder, expires_at) VALUES ({0}, '', {1})"
            : "INSERT INTO release_leases (name, holder, expires_at) VALUES ({0}, '', {1}) ON CONFLICT DO NOTHING";
        await db.Database.ExecuteSqlRawAsync(insert, [Name, now.AddDays(-1)], cancellationToken).ConfigureAwait(false);
        var taken = await db.Database.ExecuteSqlRawAsync(
            "UPDATE release_leases SET holder = {0}, expires_at = {1} WHERE name = {2} AND (holder = {0} OR expires_at < {3})",
            [Holder, now.Add(duration), Name, now], cancellationToken).ConfigureAwait(false);
        return taken == 1;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlRawAsync("UPDATE release_leases SET expires_at = {0} WHERE name = {1} AND holder = {2}",
            [now.AddSeconds(-1), Name, Holder], cancellationToken).ConfigureAwait(false);
    }
}
