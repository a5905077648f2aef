using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// A database context of its own on a test database, outside any running application: for tests
/// that migrate step by step, or look at a database a separate server process writes to.
/// </summary>
public static class StandaloneDatabase
{
    public static async Task<string> CreateAsync(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ? $"Data Source={Path.Combine(Path.GetTempPath(), $"metricsapi-test-{Guid.NewGuid():N}.db")}"
        : await PostgresServer.CreateDatabaseAsync();

    public static MetricsDbContext Open(DatabaseKind kind, string connectionString) => kind == DatabaseKind.Sqlite
        ? new SqliteMetricsDbContext(DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqliteMetricsDbContext>(), DatabaseProvider.Sqlite, connectionString).Options)
        : new PostgreSqlMetricsDbContext(DatabaseRegistration.Configure(new DbContextOptionsBuilder<PostgreSqlMetricsDbContext>(), DatabaseProvider.PostgreSql, connectionString).Options);

    /// <summary>Closes the pooled connections of a PostgreSQL test database (each has its own pool; see <see cref="MetricsApiFactory"/>).</summary>
    public static void ReleaseConnections(DatabaseKind kind, string connectionString)
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            using var connection = new Npgsql.NpgsqlConnection(connectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}
