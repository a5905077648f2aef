using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion.Events;
using Microsoft.Extensions.Options;

namespace MetricsApi.Features.Ingestion;

/// <summary>One parsed input line (or GraphQL list item): the event, or why it could not even be read.</summary>
public readonly record struct IngestItem(int Position, JsonElement Event, IngestError? ReadError);

/// <summary>
/// Validates and writes events in chunks. Each chunk is one transaction holding the ledger claims,
/// the rows and its <c>INGEST_BATCH</c> audit entry, so a chunk is stored with its audit record or
/// not at all, and memory stays bounded by the chunk size whatever the input size. Org units are
/// applied as they come, so later events of the same request may refer to them.
/// </summary>
public sealed class IngestionService(
    MetricsDbContext db,
    DatabaseSettings settings,
    Pseudonymiser pseudonymiser,
    IdempotencyLedger ledger,
    OrgFeedWriter orgFeed,
    AuditLog audit,
    IOptions<IngestionOptions> options,
    TimeProvider clock)
{
    public async Task<IngestResult> IngestAsync(IAsyncEnumerable<IngestItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new IngestResult();
        var directory = await OrgDirectory.LoadAsync(db, cancellationToken).ConfigureAwait(false);
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
                // Later events may name this unit, so it is written now (inside the chunk's transaction).
                await EnsureTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (await orgFeed.WriteOrgUnitAsync(unit, directory, now, cancellationToken).ConfigureAwait(false))
                {
                    chunk.Accepted++;
                }
                else
                {
                    chunk.Duplicates++;
                }
            }
            else
            {
                chunk.Pending.Add(valid);
            }

            if (chunk.Size >= settings.ChunkSize)
            {
                await FlushAsync(chunk, result, cancellationToken).ConfigureAwait(false);
                chunk = new Chunk();
            }
        }

        if (chunk.Size > 0)
        {
            await FlushAsync(chunk, result, cancellationToken).ConfigureAwait(false);
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

    private async Task FlushAsync(Chunk chunk, IngestResult result, CancellationToken cancellationToken)
    {
        await EnsureTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var telemetry = chunk.Pending.OfType<TelemetryEvent>().ToList();
            var claimed = telemetry.Count == 0 ? [] : await ledger.ClaimAsync(db, telemetry.Select(e => (e.Source, e.EventId, e.Type)).ToList(), now, cancellationToken).ConfigureAwait(false);
            foreach (var valid in telemetry)
            {
                if (!claimed.Contains((valid.Source, valid.EventId)))
                {
                    chunk.Duplicates++;
                    continue;
                }

                chunk.Accepted++;
                ((IReceivedEvent)valid.Row).ReceivedAt = now;
                db.Add(valid.Row);
            }

            var assignments = chunk.Pending.OfType<AssignmentCommand>().ToList();
            var applied = await orgFeed.WriteAssignmentsAsync(assignments, now, cancellationToken).ConfigureAwait(false);
            chunk.Accepted += applied.Count;
            chunk.Duplicates += assignments.Count - applied.Count;

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(new AuditRecord(AuditActions.IngestBatch, AuditDecisions.Allowed)
            {
                Target = chunk.Sources.Count == 0 ? null : Truncate(string.Join(',', chunk.Sources.Order(StringComparer.Ordinal)), 1000),
                EventsAccepted = chunk.Accepted,
                EventsDuplicate = chunk.Duplicates,
                EventsRejected = chunk.Rejected,
            }, cancellationToken).ConfigureAwait(false);
            await db.Database.CurrentTransaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
            result.AddAccepted(chunk.Accepted);
            result.AddDuplicates(chunk.Duplicates);
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
            await WriteFence.EnterSharedAsync(db, settings.Provider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class Chunk
    {
        public HashSet<(string, string)> Keys { get; } = [];

        public List<ValidEvent> Pending { get; } = [];

        public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

        public int Accepted { get; set; }

        public int Duplicates { get; set; }

        public int Rejected { get; set; }

        public int Size => Pending.Count + Accepted + Duplicates + Rejected;
    }
}
