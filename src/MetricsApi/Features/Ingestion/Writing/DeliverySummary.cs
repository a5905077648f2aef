using System.Data;
using System.Data.Common;
using System.Text;
using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// Adds a chunk's new events to <c>source_deliveries</c> inside the chunk's transaction (one upsert
/// for the whole chunk), so the summary commits or rolls back with the ledger claims it counts.
/// Rows are upserted in (source, type) order: concurrent chunks of the same source queue on the
/// same rows in the same order instead of deadlocking.
/// </summary>
public sealed class DeliverySummary(DatabaseSettings settings)
{
    // Four parameters a row; SQL Server allows 2,100 a command.
    private const int RowsPerCommand = 500;

    public async Task RecordAsync(MetricsDbContext db, IReadOnlyCollection<SourceDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(deliveries);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Deliveries must be recorded inside the chunk's transaction.");
        var rows = deliveries.Where(d => d.EventCount > 0)
            .OrderBy(d => d.Source, StringComparer.Ordinal).ThenBy(d => d.Type, StringComparer.Ordinal).ToList();
        for (var offset = 0; offset < rows.Count; offset += RowsPerCommand)
        {
            var batch = rows.GetRange(offset, Math.Min(RowsPerCommand, rows.Count - offset));
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                Add(command, $"@s{i}", batch[i].Source);
                Add(command, $"@t{i}", batch[i].Type);
                Add(command, $"@c{i}", batch[i].EventCount);
                Add(command, $"@l{i}", batch[i].LastSeen, settings.Provider == DatabaseProvider.SqlServer ? DbType.DateTime2 : null);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private string Sql(int rows)
    {
        var values = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append($"(@s{i}, @t{i}, @c{i}, @l{i})");
        }

        return settings.Provider switch
        {
            DatabaseProvider.SqlServer => $"""
                MERGE source_deliveries WITH (HOLDLOCK) AS d
                USING (VALUES {values}) AS v (source, type, event_count, last_seen)
                ON d.source = v.source AND d.type = v.type
                WHEN MATCHED THEN UPDATE SET event_count = d.event_count + v.event_count,
                  last_seen = CASE WHEN v.last_seen > d.last_seen THEN v.last_seen ELSE d.last_seen END
                WHEN NOT MATCHED THEN INSERT (source, type, event_count, last_seen) VALUES (v.source, v.type, v.event_count, v.last_seen);
                """,
            _ => $"""
                INSERT INTO source_deliveries (source, type, event_count, last_seen) VALUES {values}
                ON CONFLICT (source, type) DO UPDATE SET event_count = source_deliveries.event_count + excluded.event_count,
                  last_seen = {(settings.Provider == DatabaseProvider.PostgreSql ? "GREATEST" : "max")}(source_deliveries.last_seen, excluded.last_seen)
                """,
        };
    }

    // Types are left to each provider's inference (a UTC DateTime is timestamptz to Npgsql), except
    // SQL Server's DateTime, which SqlClient would send as datetime and lose precision.
    private static void Add(DbCommand command, string name, object value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (type is { } declared)
        {
            parameter.DbType = declared;
        }

        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
