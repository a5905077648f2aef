using System.Data.Common;
using System.Net.Sockets;
using MetricsApi.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MetricsApi.Data;

/// <summary>
/// Opens one plain connection before anything else touches the database at start-up, so an
/// unreachable server, a refused login or an unopenable SQLite file is reported as one sentence
/// naming where and why (<see cref="StartupException"/>) instead of EF Core's logged stack traces.
/// </summary>
public static class DatabaseProbe
{
    public static async Task EnsureReachableAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DbConnection connection;
        try
        {
            connection = settings.Provider switch
            {
                DatabaseProvider.Sqlite => new SqliteConnection(settings.ConnectionString),
                DatabaseProvider.PostgreSql => new NpgsqlConnection(settings.ConnectionString),
                _ => new SqlConnection(settings.ConnectionString),
            };
        }
        catch (ArgumentException ex)
        {
            throw new StartupException($"{DatabaseSettings.ConnectionStringKey} is not a valid {settings.Provider} connection string: {StartupFailure.FirstLine(ex.Message)}", ex);
        }

        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or SocketException)
            {
                throw new StartupException(Describe(settings, ex), ex);
            }
        }
    }

    public static string Describe(DatabaseSettings settings, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exception);
        return settings.Provider switch
        {
            DatabaseProvider.Sqlite => DescribeSqlite(settings.ConnectionString, exception),
            DatabaseProvider.PostgreSql => DescribePostgreSql(settings.ConnectionString, exception),
            _ => $"cannot connect to SQL Server ({new SqlConnectionStringBuilder(settings.ConnectionString).DataSource}): {StartupFailure.FirstLine(exception.Message)}",
        };
    }

    private static string DescribeSqlite(string connectionString, Exception exception)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var reason = exception is SqliteException sqlite ? StartupFailure.FirstLine(sqlite.Message) : exception.GetType().Name;
        return $"cannot open the SQLite database '{file}' ({reason}): check that its folder exists and is writable ({DatabaseSettings.ConnectionStringKey}).";
    }

    private static string DescribePostgreSql(string connectionString, Exception exception)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}')";
        return exception switch
        {
            PostgresException { SqlState: "28P01" or "28000" } login => $"{where} refused the login of user '{builder.Username}': {login.MessageText}",
            PostgresException { SqlState: "3D000" } => $"{where}: the database does not exist.",
            PostgresException postgres => $"{where} answered {postgres.SqlState}: {postgres.MessageText}",
            _ when Find<SocketException>(exception) is { } socket => $"cannot reach {where}: {socket.Message}.",
            _ when Find<TimeoutException>(exception) is not null => $"cannot reach {where}: no answer within {builder.Timeout} s.",
            _ => $"cannot reach {where}: {StartupFailure.FirstLine(exception.Message)}",
        };
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
