using System.Data.Common;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// Writes a chunk's telemetry events set-based, inside the chunk's open transaction: claims their
/// (source, eventId) keys in the idempotency ledger and stores the rows of the keys it claimed,
/// each provider in the way that is fastest for it. The database decides what is new, so a replay,
/// a duplicate in an earlier chunk and a concurrent duplicate are all refused there. Events must be
/// unique by (source, eventId) within one call (the chunk removes its own duplicates first).
/// </summary>
public abstract class TelemetryWriter
{
    private IReadOnlyDictionary<string, TelemetryTable>? _tables;

    /// <summary>Claims and stores; returns what was new, per type and source.</summary>
    public abstract Task<IReadOnlyList<Delivered>> WriteAsync(MetricsDbContext db, IReadOnlyList<TelemetryEvent> events, DateTime receivedAt, CancellationToken cancellationToken);

    /// <summary>The telemetry tables of the model (the same for every context of a provider, so read once).</summary>
    protected IReadOnlyDictionary<string, TelemetryTable> Tables(MetricsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _tables ??= TelemetryTable.FromModel(db.Model);
    }

    /// <summary>The events grouped by table, in a fixed order (by table name) so concurrent chunks take locks in the same order.</summary>
    protected IReadOnlyList<(TelemetryTable Table, IReadOnlyList<TelemetryEvent> Events)> ByTable(MetricsDbContext db, IReadOnlyList<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var tables = Tables(db);
        return [.. events.GroupBy(e => e.Type, StringComparer.Ordinal)
            .Select(g => (tables[g.Key], (IReadOnlyList<TelemetryEvent>)[.. g]))
            .OrderBy(g => g.Item1.Name, StringComparer.Ordinal)];
    }

    protected static DbTransaction Transaction(MetricsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Telemetry must be written inside the chunk's transaction.");
    }
}
