using System.Data.Common;
using System.Text;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Claims (source, eventId) keys in <c>ingested_events</c> inside the caller's transaction and says
/// which were new. The database decides, not a prior read: PostgreSQL and SQLite use
/// <c>INSERT … ON CONFLICT DO NOTHING RETURNING</c> (a concurrent claim of the same key waits for
/// the first transaction and then counts as a duplicate); SQL Server uses <c>INSERT … SELECT … WHERE
/// NOT EXISTS</c> under UPDLOCK/HOLDLOCK with <c>OUTPUT</c>.
/// </summary>
public sealed class IdempotencyLedger(DatabaseSettings settings)
{
    // Four parameters a row; SQL Server allows 2,100 parameters per command.
    private const int RowsPerCommand = 250;

    public async Task<HashSet<(string Source, string EventId)>> ClaimAsync(
        MetricsDbContext db, IReadOnlyList<(string Source, string EventId, string Type)> keys, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var claimed = new HashSet<(string, string)>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Claims must run inside the chunk's transaction.");
        for (var offset = 0; offset < keys.Count; offset += RowsPerCommand)
        {
            var rows = keys.Skip(offset).Take(RowsPerCommand).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Add(command, $"@s{i}", rows[i].Source);
                Add(command, $"@e{i}", rows[i].EventId);
                Add(command, $"@t{i}", rows[i].Type);
                Add(command, $"@a{i}", now);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return claimed;
    }

    private string Sql(int rows)
    {
        var values = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append($"(@s{i}, @e{i}, @t{i}, @a{i})");
        }

        return settings.Provider == DatabaseProvider.SqlServer
            ? $"""
              INSERT INTO ingested_events (source, event_id, type, ingested_at)
              OUTPUT inserted.source, inserted.event_id
              SELECT v.s, v.e, v.t, v.a FROM (VALUES {values}) AS v(s, e, t, a)
              WHERE NOT EXISTS (SELECT 1 FROM ingested_events i WITH (UPDLOCK, HOLDLOCK) WHERE i.source = v.s AND i.event_id = v.e)
              """
            : $"""
              INSERT INTO ingested_events (source, event_id, type, ingested_at) VALUES {values}
              ON CONFLICT DO NOTHING RETURNING source, event_id
              """;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
