using System.Linq.Expressions;
using MetricsApi.Data;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Writes the org feed (org units, memberships, managers) one event at a time, inside the chunk's
/// transaction that <see cref="IngestionService"/> opened. It stays apart from the set-based
/// telemetry path on purpose: org events are few, later events of the same request depend on them,
/// and their rules (moves re-rooting paths, (person, unit, validFrom) updating validTo) are per row.
/// </summary>
public sealed class OrgFeedWriter(MetricsDbContext db, IdempotencyLedger ledger)
{
    /// <summary>Claims the event's key and, when it is new, applies the unit now so later events may name it.</summary>
    public async Task<bool> WriteOrgUnitAsync(OrgUnitCommand command, OrgDirectory directory, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await ClaimAsync([command], now, cancellationToken).ConfigureAwait(false) is not { Count: 1 })
        {
            return false;
        }

        await ApplyOrgUnitAsync(command, directory, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Claims the keys of the chunk's memberships and management assignments and applies the new ones, in order.</summary>
    public async Task<IReadOnlyList<AssignmentCommand>> WriteAssignmentsAsync(IReadOnlyList<AssignmentCommand> commands, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            return [];
        }

        var claimed = await ClaimAsync(commands, now, cancellationToken).ConfigureAwait(false);
        var applied = new List<AssignmentCommand>();
        foreach (var command in commands.Where(c => claimed.Contains((c.Source, c.EventId))))
        {
            await ApplyAssignmentAsync(command, cancellationToken).ConfigureAwait(false);
            applied.Add(command);
        }

        return applied;
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
}
