using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Ingestion.Writing;
using Microsoft.Extensions.Options;

namespace MetricsApi.Features.Ingestion;

/// <summary>One parsed input line (or GraphQL list item): the event, or why it could not even be read.</summary>
public readonly record struct IngestItem(int Position, JsonElement Event, IngestError? ReadError);

/// <summary>
/// Validates and writes events in chunks. Each chunk is one transaction holding the ledger claims,
/// the rows, the per-source delivery counts and its <c>INGEST_BATCH</c> audit entry, so a chunk is
/// stored with its audit record or not at all. Telemetry is written set-based per chunk
/// (<see cref="TelemetryWriter"/>); the org feed goes through <see cref="OrgFeedWriter"/>, and org
/// units are applied as they come, so later events of the same request may refer to them.
/// <para>
/// A full chunk is written while the next one is read and validated (write-behind, one chunk in
/// flight), so the service's CPU work and the database's overlap instead of taking turns. Memory
/// stays bounded by two chunks whatever the input size. Only the chunk in flight touches the
/// request's database context; an org unit, which must be written before later events are
/// validated, first waits for it. Counts reach the result only once their chunk has committed.
/// </para>
/// </summary>
public sealed class IngestionService(
    MetricsDbContext db,
    DatabaseSettings database,
    IServiceScopeFactory scopes,
    Pseudonymiser pseudonymiser,
    OrgFeedWriter orgFeed,
    TelemetryWriter telemetry,
    DeliverySummary deliveries,
    AuditLog audit,
    IOptions<IngestionOptions> options,
    TimeProvider clock)
{
    public async Task<IngestResult> IngestAsync(IAsyncEnumerable<IngestItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new IngestResult();

        // Unit lookups get a context of their own: the chunk in flight uses this one meanwhile.
        await using var lookups = scopes.CreateAsyncScope();
        var directory = await OrgDirectory.LoadAsync(lookups.ServiceProvider.GetRequiredService<MetricsDbContext>(), cancellationToken).ConfigureAwait(false);
        try
        {
            await IngestChunksAsync(items, directory, result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LineTooLongException or AuditUnavailableError)
        {
            // Earlier chunks are committed and stay; the caller reports how far ingestion got.
            await RollBackOpenChunkAsync().ConfigureAwait(false);
            throw new IngestionAbortedException(result, ex);
        }

        return result;
    }

    private async Task IngestChunksAsync(IAsyncEnumerable<IngestItem> items, OrgDirectory directory, IngestResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var chunk = new Chunk();
        Task<Chunk>? inFlight = null;
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var (valid, error) = item.ReadError is null
                    ? new EventValidator(pseudonymiser, settings.Tools, now, settings.FutureTolerance, settings.EarliestTimestamp.UtcDateTime).Validate(item.Event, item.Position, directory)
                    : (null, item.ReadError);
                if (error is not null)
                {
                    chunk.Rejected++;
                    result.Reject(error);
                }
                else if (!chunk.Sources.Add(valid!.Source) & !chunk.Keys.Add((valid.Source, valid.EventId)))
                {
                    chunk.Duplicates++;
                }
                else if (valid is OrgUnitCommand unit)
                {
                    // Later events may name this unit, so it is written now (inside the chunk's
                    // transaction), once the chunk in flight is done with the context.
                    await LandAsync(inFlight, result).ConfigureAwait(false);
                    inFlight = null;
                    await EnsureTransactionAsync(cancellationToken).ConfigureAwait(false);
                    if (await orgFeed.WriteOrgUnitAsync(unit, directory, now, cancellationToken).ConfigureAwait(false))
                    {
                        chunk.Deliver(unit.Type, unit.Source, 1, now);
                    }
                    else
                    {
                        chunk.Duplicates++;
                    }
                }
                else if (valid is TelemetryEvent row)
                {
                    chunk.Telemetry.Add(row);
                }
                else
                {
                    chunk.Assignments.Add((AssignmentCommand)valid);
                }

                if (chunk.Size >= settings.ChunkSize)
                {
                    await LandAsync(inFlight, result).ConfigureAwait(false);
                    var full = chunk;
                    inFlight = Task.Run(() => FlushAsync(full, cancellationToken), cancellationToken);
                    chunk = new Chunk();
                }
            }

            await LandAsync(inFlight, result).ConfigureAwait(false);
            inFlight = null;
            if (chunk.Size > 0)
            {
                await LandAsync(FlushAsync(chunk, cancellationToken), result).ConfigureAwait(false);
            }
        }
        catch (Exception) when (inFlight is not null)
        {
            // Reading stopped (a line too long, the client gone) while a complete chunk was being
            // written: let it commit and count, as it would have before reading went on, and leave
            // the context to the caller only then. Had that chunk failed, its failure came first
            // and is the one rethrown here.
            await LandAsync(inFlight, result).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for the chunk in flight (if any) and counts what it committed.</summary>
    private static async Task LandAsync(Task<Chunk>? inFlight, IngestResult result)
    {
        if (inFlight is not null)
        {
            var written = await inFlight.ConfigureAwait(false);
            result.AddAccepted(written.Accepted);
            result.AddDuplicates(written.Duplicates);
        }
    }

    private async Task RollBackOpenChunkAsync()
    {
        if (db.Database.CurrentTransaction is { } open)
        {
            await open.RollbackAsync().ConfigureAwait(false);
            await open.DisposeAsync().ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>Writes and commits the chunk; returns it with its final counts.</summary>
    private async Task<Chunk> FlushAsync(Chunk chunk, CancellationToken cancellationToken)
    {
        await EnsureTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One clock value per chunk: the rows' received_at and the ledger's ingested_at.
            var now = clock.GetUtcNow().UtcDateTime;
            var pending = chunk.Telemetry.Count + chunk.Assignments.Count;
            var before = chunk.Accepted;
            foreach (var delivered in await telemetry.WriteAsync(db, chunk.Telemetry, now, cancellationToken).ConfigureAwait(false))
            {
                chunk.Deliver(delivered.Type, delivered.Source, delivered.Count, now);
            }

            foreach (var assignment in await orgFeed.WriteAssignmentsAsync(chunk.Assignments, now, cancellationToken).ConfigureAwait(false))
            {
                chunk.Deliver(assignment.Type, assignment.Source, 1, now);
            }

            chunk.Duplicates += pending - (chunk.Accepted - before);
            await deliveries.RecordAsync(db, chunk.Deliveries, cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(new AuditRecord(AuditActions.IngestBatch, AuditDecisions.Allowed)
            {
                Target = chunk.Sources.Count == 0 ? null : Truncate(string.Join(',', chunk.Sources.Order(StringComparer.Ordinal)), 1000),
                EventsAccepted = chunk.Accepted,
                EventsDuplicate = chunk.Duplicates,
                EventsRejected = chunk.Rejected,
            }, cancellationToken).ConfigureAwait(false);
            await db.Database.CurrentTransaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
            return chunk;
        }
        finally
        {
            if (db.Database.CurrentTransaction is { } open)
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }

            db.ChangeTracker.Clear();
        }
    }

    private async Task EnsureTransactionAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Before anything is stamped as received: a period's data cut-off waits for this chunk.
            await WriteFence.EnterSharedAsync(db, database.Provider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class Chunk
    {
        private readonly Dictionary<(string Type, string Source), SourceDelivery> _deliveries = [];

        public HashSet<(string, string)> Keys { get; } = [];

        public List<TelemetryEvent> Telemetry { get; } = [];

        public List<AssignmentCommand> Assignments { get; } = [];

        public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

        /// <summary>New events per (type, source), for <c>source_deliveries</c>.</summary>
        public IReadOnlyCollection<SourceDelivery> Deliveries => _deliveries.Values;

        public int Accepted { get; private set; }

        public int Duplicates { get; set; }

        public int Rejected { get; set; }

        public int Size => Telemetry.Count + Assignments.Count + Accepted + Duplicates + Rejected;

        /// <summary>Counts newly stored events; <paramref name="at"/> is when the ledger recorded them.</summary>
        public void Deliver(string type, string source, int count, DateTime at)
        {
            Accepted += count;
            if (_deliveries.TryGetValue((type, source), out var known))
            {
                known.EventCount += count;
                known.LastSeen = at > known.LastSeen ? at : known.LastSeen;
            }
            else
            {
                _deliveries[(type, source)] = new SourceDelivery { Type = type, Source = source, EventCount = count, LastSeen = at };
            }
        }
    }
}
