using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Data;

/// <summary>
/// Orders data cut-offs against ingestion. Every ingestion transaction enters the fence in shared mode
/// before it stamps what it receives; fixing a period's data cut-off takes it exclusively, so it waits
/// for the transactions in flight to commit and holds new ones back until the cut-off is recorded.
/// Afterwards every row received by the cut-off is committed and every later row is stamped after it,
/// so all releases of the period, built whenever, see exactly the same rows.
/// PostgreSQL: a transaction-scoped advisory lock; SQL Server: a transaction-owned application lock;
/// SQLite: nothing more is needed, its write transactions already run one at a time.
/// </summary>
public static class WriteFence
{
    private const long PostgresKey = 0x4D65_7472_6963_7331; // "Metrics1"
    private const string SqlServerResource = "metricsapi.releases.fence";

    /// <summary>Called by ingestion right after its transaction begins.</summary>
    public static Task EnterSharedAsync(MetricsDbContext db, DatabaseProvider provider, CancellationToken cancellationToken) =>
        EnterAsync(db, provider, exclusive: false, cancellationToken);

    /// <summary>Called inside the transaction that records a data cut-off, before reading the clock.</summary>
    public static Task EnterExclusiveAsync(MetricsDbContext db, DatabaseProvider provider, CancellationToken cancellationToken) =>
        EnterAsync(db, provider, exclusive: true, cancellationToken);

    private static async Task EnterAsync(MetricsDbContext db, DatabaseProvider provider, bool exclusive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The write fence is entered inside a transaction.");
        }

        var sql = provider switch
        {
            DatabaseProvider.PostgreSql => exclusive ? $"SELECT pg_advisory_xact_lock({PostgresKey})" : $"SELECT pg_advisory_xact_lock_shared({PostgresKey})",
            DatabaseProvider.SqlServer => $"EXEC sp_getapplock @Resource = '{SqlServerResource}', @LockMode = '{(exclusive ? "Exclusive" : "Shared")}', @LockOwner = 'Transaction'",
            _ => null,
        };
        if (sql is not null)
        {
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken).ConfigureAwait(false);
        }
    }
}
