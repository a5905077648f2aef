using Npgsql;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the test script starts (<c>tools/postgres/start.sh</c>), reached through
/// <c>METRICSAPI_TEST_POSTGRES</c>. PostgreSQL tests fail loudly when it is missing: they never skip.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "METRICSAPI_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run ./test.sh (it starts a throwaway PostgreSQL server) " +
                "or set it to a connection string of a PostgreSQL server where the tests may create databases.");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "metricsapi_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }
}
