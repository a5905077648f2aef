using System.Collections.Concurrent;
using System.Reflection;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// PostgreSQL, in two steps per chunk. The keys are claimed in the ledger: by binary <c>COPY</c> when
/// all of them are new (the common case of a bulk load), otherwise by one
/// <c>INSERT … SELECT FROM unnest(@sources, @event_ids, @types) … ON CONFLICT DO NOTHING RETURNING</c>
/// (see <see cref="CopyClaimsAsync"/>). Then the rows of the claimed keys go straight into their
/// tables by binary <c>COPY</c>, not through a staging table: the claim has already decided which rows
/// are new, and COPY is PostgreSQL's fastest way in (a staging table plus <c>INSERT … SELECT</c> cost
/// PostgreSQL about a third more CPU per event here). A chunk is a handful of round trips instead of
/// two per event. Keys are claimed in one order, so two requests claiming the same keys wait for
/// each other instead of deadlocking; a key a concurrent transaction holds is decided when that one
/// commits or rolls back.
/// </summary>
public sealed class PostgreSqlTelemetryWriter : TelemetryWriter
{
    private const string ClaimSql = """
        INSERT INTO ingested_events (source, event_id, type, ingested_at)
        SELECT k.source, k.event_id, k.type, @at FROM unnest(@sources, @event_ids, @types) WITH ORDINALITY AS k (source, event_id, type, n)
        ORDER BY k.n
        ON CONFLICT DO NOTHING
        RETURNING source, event_id
        """;

    private static readonly ConcurrentDictionary<string, ColumnWriter[]> ColumnWriterCache = new(StringComparer.Ordinal);

    private delegate Task ColumnWriter(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken);

    public override async Task<IReadOnlyList<Delivered>> WriteAsync(MetricsDbContext db, IReadOnlyList<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var transaction = (NpgsqlTransaction)Transaction(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Both ways of claiming take the keys in this one order, so they queue behind each other too.
        var keys = events.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        var claimed = await CopyClaimsAsync(connection, transaction, keys, receivedAt, cancellationToken).ConfigureAwait(false)
            ? null
            : await ClaimAsync(connection, transaction, keys, receivedAt, cancellationToken).ConfigureAwait(false);
        var delivered = new List<Delivered>();
        foreach (var (table, rows) in ByTable(db, events))
        {
            var fresh = claimed is null ? rows : rows.Where(r => claimed.Contains((r.Source, r.EventId))).ToList();
            if (fresh.Count > 0)
            {
                await CopyAsync(connection, table, fresh, receivedAt, cancellationToken).ConfigureAwait(false);
                delivered.AddRange(fresh.GroupBy(r => r.Source, StringComparer.Ordinal).Select(g => new Delivered(table.Type, g.Key, g.Count())));
            }
        }

        return delivered;
    }

    /// <summary>
    /// The fast path for new data: all keys go into the ledger by COPY, inside a savepoint. If any key
    /// is taken (a replay, a duplicate of an earlier chunk, a concurrent request that got there
    /// first) the unique index refuses the COPY, the savepoint undoes it and the caller claims key by
    /// key instead. The keys come sorted, so concurrent claims of the same keys queue instead of
    /// deadlocking; should a COPY still be chosen as a deadlock victim, it falls back the same way.
    /// </summary>
    private static async Task<bool> CopyClaimsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken)
    {
        const string Savepoint = "ledger_copy";
        await transaction.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY ingested_events (source, event_id, type, ingested_at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                foreach (var e in events)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.EventId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            // Not released: a savepoint ends with its transaction, and RELEASE would cost a round trip.
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
        {
            await transaction.RollbackAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private static async Task<HashSet<(string Source, string EventId)>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(ClaimSql, connection, transaction);
        claim.Parameters.Add(new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = receivedAt });
        claim.Parameters.Add(new NpgsqlParameter<string[]>("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. events.Select(e => e.Source)] });
        claim.Parameters.Add(new NpgsqlParameter<string[]>("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. events.Select(e => e.EventId)] });
        claim.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. events.Select(e => e.Type)] });
        var claimed = new HashSet<(string, string)>(events.Count);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add((reader.GetString(0), reader.GetString(1)));
        }

        return claimed;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, TelemetryTable table, IReadOnlyList<TelemetryEvent> rows, DateTime receivedAt, CancellationToken cancellationToken)
    {
        var writers = ColumnWriters(table);
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table.Name} ({table.ColumnList}, {TelemetryTable.ReceivedAtColumn}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            foreach (var write in writers)
            {
                await write(importer, row.Row, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ColumnWriter[] ColumnWriters(TelemetryTable table) =>
        ColumnWriterCache.GetOrAdd(table.Name, _ => [.. table.Columns.Select(ColumnWriterFor)]);

    /// <summary>
    /// A typed write of one column. Writing values as <c>object</c> makes Npgsql resolve the type of
    /// every single value; a typed write reuses the column's converter and boxes nothing.
    /// </summary>
    private static ColumnWriter ColumnWriterFor(TelemetryColumn column)
    {
        var property = column.Property;
        var nullable = Nullable.GetUnderlyingType(property.PropertyType);
        var factory = typeof(PostgreSqlTelemetryWriter).GetMethod(nullable is null ? nameof(Typed) : nameof(TypedNullable), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(property.DeclaringType!, nullable ?? property.PropertyType);
        return (ColumnWriter)factory.Invoke(null, [property, PostgresType(nullable ?? property.PropertyType)])!;
    }

    private static ColumnWriter Typed<TRow, TValue>(PropertyInfo property, NpgsqlDbType type)
    {
        var read = property.GetMethod!.CreateDelegate<Func<TRow, TValue>>();
        return (importer, row, cancellationToken) => importer.WriteAsync(read((TRow)row), type, cancellationToken);
    }

    private static ColumnWriter TypedNullable<TRow, TValue>(PropertyInfo property, NpgsqlDbType type)
        where TValue : struct
    {
        var read = property.GetMethod!.CreateDelegate<Func<TRow, TValue?>>();
        return (importer, row, cancellationToken) => read((TRow)row) is { } value
            ? importer.WriteAsync(value, type, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);
    }

    // The binary format has no type tags: each value must be sent exactly as its column's type.
    // Text goes as text, which varchar and char(n) columns read alike.
    private static NpgsqlDbType PostgresType(Type clr) => (Nullable.GetUnderlyingType(clr) ?? clr) switch
    {
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(DateTime) => NpgsqlDbType.TimestampTz,
        var t => throw new NotSupportedException($"No COPY mapping for {t}."),
    };
}
