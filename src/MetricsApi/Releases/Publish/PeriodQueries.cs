using System.Data.Common;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MetricsApi.Releases.Publish;

/// <summary>Small raw queries about one period's rows (late records, revisions), with the period's bounds as parameters.</summary>
public sealed class PeriodQueries(MetricsDbContext db)
{
    /// <summary>Runs a query with @ps/@pe (timestamps), @psd/@ped (dates) and the given parameters, reading each row.</summary>
    public async Task ReadAsync(string sql, DateOnly start, DateOnly end, IReadOnlyDictionary<string, object> parameters, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(read);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            Add(command, "@ps", start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            Add(command, "@pe", end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            Add(command, "@psd", start);
            Add(command, "@ped", end);
            foreach (var (name, value) in parameters)
            {
                Add(command, name, value);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    public async Task<long> CountAsync(string sql, DateOnly start, DateOnly end, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        long count = 0;
        await ReadAsync(sql, start, end, parameters, r => count = Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
