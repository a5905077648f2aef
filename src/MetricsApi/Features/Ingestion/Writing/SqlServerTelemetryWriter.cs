using System.Data;
using System.Data.Common;
using System.Text;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// SQL Server: multi-row statements of as many rows as fit in its 2,100 parameters per command. Each
/// command claims its rows' keys in the ledger (<c>INSERT … SELECT … WHERE NOT EXISTS</c> under
/// <c>UPDLOCK, HOLDLOCK</c>, so a concurrent claim of the same key waits and then finds it) with the
/// claims captured by <c>OUTPUT … INTO</c> a table variable, inserts the rows of the claimed keys and
/// returns the claims per source: one round trip for up to ~200 events.
/// </summary>
public sealed class SqlServerTelemetryWriter : TelemetryWriter
{
    // 2,100 minus @type and @at, with room to spare.
    private const int MaxParameters = 2_000;

    public override async Task<IReadOnlyList<Delivered>> WriteAsync(MetricsDbContext db, IReadOnlyList<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var transaction = Transaction(db);
        var connection = db.Database.GetDbConnection();
        var delivered = new List<Delivered>();
        foreach (var (table, rows) in ByTable(db, events))
        {
            var perCommand = MaxParameters / table.Columns.Count;
            var sorted = rows.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.EventId, StringComparer.Ordinal).ToList();
            for (var offset = 0; offset < sorted.Count; offset += perCommand)
            {
                var batch = sorted.GetRange(offset, Math.Min(perCommand, sorted.Count - offset));
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Sql(table, batch.Count);
                Add(command, "@type", table.Type, DbType.String);
                Add(command, "@at", receivedAt, DbType.DateTime2);
                for (var r = 0; r < batch.Count; r++)
                {
                    for (var c = 0; c < table.Columns.Count; c++)
                    {
                        var column = table.Columns[c];
                        Add(command, $"@p{r}_{c}", column.Read(batch[r].Row), SqlServerType(column.ClrType));
                    }
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    delivered.Add(new Delivered(table.Type, reader.GetString(0), reader.GetInt32(1)));
                }
            }
        }

        return [.. delivered.GroupBy(d => (d.Type, d.Source)).Select(g => new Delivered(g.Key.Type, g.Key.Source, g.Sum(d => d.Count)))];
    }

    private static string Sql(TelemetryTable table, int rows)
    {
        var values = new StringBuilder("(VALUES ");
        for (var r = 0; r < rows; r++)
        {
            values.Append(r == 0 ? "(" : ", (").AppendJoin(", ", table.Columns.Select((_, c) => $"@p{r}_{c}")).Append(')');
        }

        values.Append($") AS v ({table.ColumnList})");
        var columns = string.Join(", ", table.Columns.Select(c => "v." + c.Name));
        return $"""
            SET NOCOUNT ON;
            DECLARE @claimed TABLE (source nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL, event_id nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL, PRIMARY KEY (source, event_id));
            INSERT INTO ingested_events (source, event_id, type, ingested_at)
            OUTPUT inserted.source, inserted.event_id INTO @claimed (source, event_id)
            SELECT v.source, v.event_id, @type, @at FROM {values}
            WHERE NOT EXISTS (SELECT 1 FROM ingested_events AS i WITH (UPDLOCK, HOLDLOCK) WHERE i.source = v.source AND i.event_id = v.event_id);
            INSERT INTO {table.Name} ({table.ColumnList}, {TelemetryTable.ReceivedAtColumn})
            SELECT {columns}, @at FROM {values}
            JOIN @claimed AS c ON c.source = v.source AND c.event_id = v.event_id;
            SELECT source, COUNT(*) FROM @claimed GROUP BY source;
            """;
    }

    // datetime2, as EF maps DateTime: without it SqlClient sends datetime and drops precision.
    private static DbType SqlServerType(Type clr) => (Nullable.GetUnderlyingType(clr) ?? clr) switch
    {
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(bool) => DbType.Boolean,
        var t when t == typeof(DateTime) => DbType.DateTime2,
        var t => throw new NotSupportedException($"No SQL Server mapping for {t}."),
    };

    private static void Add(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
