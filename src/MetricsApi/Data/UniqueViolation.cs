using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MetricsApi.Data;

/// <summary>Recognises "a unique index said no" on every provider we ship.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
            Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
            _ => false,
        };
    }
}
