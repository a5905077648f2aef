using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MetricsApi.Data;

/// <summary>
/// Recognises "the database cannot be reached or cannot take the work right now" (as opposed to a
/// bug in a query) on every provider we ship, so such failures answer 503 <c>DATABASE_UNAVAILABLE</c>
/// (retry later) instead of 500.
/// </summary>
public static class DatabaseFailure
{
    // SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
    private static readonly int[] SqliteUnavailable = [8, 5, 6, 10, 13, 14];

    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current switch
            {
                PostgresException postgres => IsUnavailableState(postgres.SqlState),
                NpgsqlException => true, // not a server error: the connection itself failed
                SqliteException sqlite => SqliteUnavailable.Contains(sqlite.SqliteErrorCode),
                DbException { IsTransient: true } => true,
                SocketException or TimeoutException => true,
                _ => false,
            })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Connection exceptions (08), insufficient resources (53) and the server shutting down or starting (57P01–57P03).</summary>
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
