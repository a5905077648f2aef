using System.Linq.Expressions;
using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;
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
    Pseudonymiser pseudonymiser,
    IdempotencyLedger ledger,
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
                if (await ClaimAsync([valid], now, cancellationToken).ConfigureAwait(false) is { Count: 1 })
                {
                    await ApplyOrgUnitAsync(unit, directory, cancellationToken).ConfigureAwait(false);
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
            var claimed = chunk.Pending.Count == 0 ? [] : await ClaimAsync(chunk.Pending, now, cancellationToken).ConfigureAwait(false);
            foreach (var valid in chunk.Pending)
            {
                if (!claimed.Contains((valid.Source, valid.EventId)))
                {
                    chunk.Duplicates++;
                    continue;
                }

                chunk.Accepted++;
                switch (valid)
                {
                    case TelemetryEvent telemetry:
                        ((IReceivedEvent)telemetry.Row).ReceivedAt = now;
                        db.Add(telemetry.Row);
                        break;
                    case AssignmentCommand assignment:
                        await ApplyAssignmentAsync(assignment, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

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
        }
    }

    private Task<HashSet<(string Source, string EventId)>> ClaimAsync(IReadOnlyCollection<ValidEvent> events, DateTime now, CancellationToken cancellationToken) =>
        ledger.ClaimAsync(db, events.Select(e => (e.Source, e.EventId, e.Type)).ToList(), now, cancellationToken);

    /// <summary>
    /// Creates, renames or moves a unit (and re-roots the paths of everything below a moved unit).
    /// The validator has already checked that the parent exists and is not below the unit.
    /// </summary>
    private async Task ApplyOrgUnitAsync(OrgUnitCommand command, OrgDirectory directory, CancellationToken cancellationToken)
    {
        var parent = command.ParentExternalId is null ? null : directory.Find(command.ParentExternalId);
        var unit = await CreateOrFindAsync(command, parent, directory, cancellationToken).ConfigureAwait(false);
        var oldPath = unit.Path;
        unit.Name = command.Name;
        unit.Kind = command.Kind;
        unit.ParentId = parent?.Id;
        unit.Path = (parent?.Path ?? "/") + unit.Id + "/";
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (oldPath.Length > 0 && oldPath != unit.Path)
        {
            foreach (var below in directory.Below(oldPath).Where(u => u.Id != unit.Id).ToList())
            {
                var moved = await db.Set<OrgUnit>().SingleAsync(u => u.Id == below.Id, cancellationToken).ConfigureAwait(false);
                moved.Path = unit.Path + moved.Path[oldPath.Length..];
                directory.Remember(moved);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        directory.Remember(unit);
    }

    /// <summary>The tracked unit to update: the existing one, or a new one with its id assigned (empty path).</summary>
    private async Task<OrgUnit> CreateOrFindAsync(OrgUnitCommand command, OrgUnit? parent, OrgDirectory directory, CancellationToken cancellationToken)
    {
        if (directory.Find(command.ExternalId) is { } known)
        {
            return await db.Set<OrgUnit>().SingleAsync(u => u.Id == known.Id, cancellationToken).ConfigureAwait(false);
        }

        var unit = new OrgUnit { ExternalId = command.ExternalId, Name = command.Name, Kind = command.Kind, ParentId = parent?.Id, Path = "", Source = command.Source };
        db.Add(unit);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return unit;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // A concurrent request created the unit after this one looked: EF rolled back to its
            // savepoint, so this event becomes an update of that unit.
            db.Entry(unit).State = EntityState.Detached;
            return await db.Set<OrgUnit>().SingleAsync(u => u.ExternalId == command.ExternalId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Memberships and management assignments are identified by (person, unit, validFrom); a repeat
    /// sets validTo. Each is saved on its own so that a concurrent request creating the same one
    /// turns into an update instead of a failed chunk.
    /// </summary>
    private Task ApplyAssignmentAsync(AssignmentCommand command, CancellationToken cancellationToken) =>
        command.Type == EventTypes.Membership
            ? UpsertAsync(
                m => m.PersonKey == command.PersonKey && m.TeamId == command.UnitId && m.ValidFrom == command.ValidFrom,
                () => new Membership { PersonKey = command.PersonKey, TeamId = command.UnitId, ValidFrom = command.ValidFrom, ValidTo = command.ValidTo, Source = command.Source },
                m => m.ValidTo = command.ValidTo,
                cancellationToken)
            : UpsertAsync(
                m => m.PersonKey == command.PersonKey && m.OrgUnitId == command.UnitId && m.ValidFrom == command.ValidFrom,
                () => new UnitManager { PersonKey = command.PersonKey, OrgUnitId = command.UnitId, ValidFrom = command.ValidFrom, ValidTo = command.ValidTo, Source = command.Source },
                m => m.ValidTo = command.ValidTo,
                cancellationToken);

    private async Task UpsertAsync<T>(Expression<Func<T, bool>> identity, Func<T> create, Action<T> update, CancellationToken cancellationToken)
        where T : class
    {
        var set = db.Set<T>();
        if (await set.SingleOrDefaultAsync(identity, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            update(existing);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = create();
        set.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.Entry(row).State = EntityState.Detached;
            update(await set.SingleAsync(identity, cancellationToken).ConfigureAwait(false));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
