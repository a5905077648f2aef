using MetricsApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// SQLite runs in-process and lets one writer in at a time, so the cost of a statement is its
/// preparation and binding, not a round trip: each chunk prepares one ledger claim
/// (<c>INSERT … ON CONFLICT DO NOTHING</c>) and one insert per table once, and re-executes them with
/// new values for every event, inside the chunk's transaction. A claim that changes no row is a
/// duplicate and its row is not written.
/// </summary>
public sealed class SqliteTelemetryWriter : TelemetryWriter
{
    public override async Task<IReadOnlyList<Delivered>> WriteAsync(MetricsDbContext db, IReadOnlyList<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var transaction = (SqliteTransaction)Transaction(db);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var claim = connection.CreateCommand();
        claim.Transaction = transaction;
        claim.CommandText = "INSERT INTO ingested_events (source, event_id, type, ingested_at) VALUES ($source, $event_id, $type, $at) ON CONFLICT DO NOTHING";
        // Parameters without a declared type bind each value by its own type, as EF stores it
        // (DateTime as ISO text, bool as 0/1).
        var source = claim.Parameters.AddWithValue("$source", DBNull.Value);
        var eventId = claim.Parameters.AddWithValue("$event_id", DBNull.Value);
        var type = claim.Parameters.AddWithValue("$type", DBNull.Value);
        claim.Parameters.AddWithValue("$at", receivedAt);
        var delivered = new Dictionary<(string Type, string Source), int>();
        foreach (var (table, rows) in ByTable(db, events))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table.Name} ({table.ColumnList}, {TelemetryTable.ReceivedAtColumn}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$c" + i))}, $at)";
            var values = table.Columns.Select((_, i) => insert.Parameters.AddWithValue("$c" + i, DBNull.Value)).ToArray();
            insert.Parameters.AddWithValue("$at", receivedAt);
            type.Value = table.Type;
            foreach (var row in rows)
            {
                source.Value = row.Source;
                eventId.Value = row.EventId;
                if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    continue;
                }

                for (var i = 0; i < values.Length; i++)
                {
                    values[i].Value = table.Columns[i].Read(row.Row) ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                delivered[(table.Type, row.Source)] = delivered.GetValueOrDefault((table.Type, row.Source)) + 1;
            }
        }

        return [.. delivered.Select(d => new Delivered(d.Key.Type, d.Key.Source, d.Value))];
    }
}
