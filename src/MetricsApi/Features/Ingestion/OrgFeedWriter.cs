using System.Linq.Expressions;
using MetricsApi.Data;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Writes the org feed (org units, memberships, managers) one event at a time, inside the chunk's
/// transaction that <see cref="IngestionService"/> opened. It stays apart from the set-based
/// telemetry path on purpose: org events are few, later events of the same request depend on them,
/// and their rules are per row. History is kept, never overwritten: a unit's moves, renames and
/// reclassifications become <see cref="OrgUnitVersion"/>s valid from a day, and a changed membership
/// supersedes its row instead of updating it, so a release can use the org as recorded at its cut-off.
/// <c>org_units</c> holds the tree as it stands today (scope, paths).
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

        await ApplyOrgUnitAsync(command, directory, now, cancellationToken).ConfigureAwait(false);
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
            await ApplyAssignmentAsync(command, now, cancellationToken).ConfigureAwait(false);
            applied.Add(command);
        }

        return applied;
    }

    private Task<HashSet<(string Source, string EventId)>> ClaimAsync(IReadOnlyCollection<ValidEvent> events, DateTime now, CancellationToken cancellationToken) =>
        ledger.ClaimAsync(db, events.Select(e => (e.Source, e.EventId, e.Type)).ToList(), now, cancellationToken);

    /// <summary>
    /// Records the unit's state from the event's day on (until its next recorded change), then brings
    /// <c>org_units</c> to the version valid today, re-rooting the paths of everything below a moved
    /// unit. The validator has already checked that the parent exists and is not below the unit.
    /// </summary>
    private async Task ApplyOrgUnitAsync(OrgUnitCommand command, OrgDirectory directory, DateTime now, CancellationToken cancellationToken)
    {
        var parent = command.ParentExternalId is null ? null : directory.Find(command.ParentExternalId);
        var unit = await CreateOrFindAsync(command, parent, directory, cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(now);
        var isNew = unit.Path.Length == 0;
        await RecordVersionAsync(unit.Id, command, parent?.Id, command.EffectiveFrom ?? (isNew ? OrgUnitVersion.Always : today), now, cancellationToken).ConfigureAwait(false);

        var current = await db.Set<OrgUnitVersion>().AsNoTracking()
            .Where(v => v.UnitId == unit.Id && v.SupersededAt == null && v.ValidFrom <= today && (v.ValidTo == null || v.ValidTo > today))
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            // Not in force today (it starts later): it exists for history only.
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            directory.Remember(unit);
            return;
        }

        var currentParent = current.ParentId is { } parentId ? await db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.Id == parentId, cancellationToken).ConfigureAwait(false) : null;
        var oldPath = unit.Path;
        unit.Name = current.Name;
        unit.Kind = current.Kind;
        unit.ParentId = current.ParentId;
        unit.Path = (currentParent?.Path ?? "/") + unit.Id + "/";
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

    /// <summary>
    /// The unit is (name, kind, parent) from <paramref name="from"/> until its next recorded version:
    /// the version in force that day is superseded and split around the day; nothing changes when it
    /// already says the same (a replay).
    /// </summary>
    private async Task RecordVersionAsync(int unitId, OrgUnitCommand command, int? parentId, DateOnly from, DateTime now, CancellationToken cancellationToken)
    {
        var versions = await db.Set<OrgUnitVersion>().Where(v => v.UnitId == unitId && v.SupersededAt == null)
            .OrderBy(v => v.ValidFrom).ToListAsync(cancellationToken).ConfigureAwait(false);
        var containing = versions.LastOrDefault(v => v.ValidFrom <= from);
        if (containing is not null && containing.Name == command.Name && containing.Kind == command.Kind && containing.ParentId == parentId)
        {
            return;
        }

        OrgUnitVersion Version(DateOnly validFrom, DateOnly? validTo, string name, string kind, int? parent) => new()
        {
            UnitId = unitId,
            ValidFrom = validFrom,
            ValidTo = validTo,
            Name = name,
            Kind = kind,
            ParentId = parent,
            RecordedAt = now,
            Source = command.Source,
        };

        if (containing is null)
        {
            // Before the first recorded version (or a new unit): valid until the first one starts.
            db.Add(Version(from, versions.FirstOrDefault()?.ValidFrom, command.Name, command.Kind, parentId));
        }
        else
        {
            containing.SupersededAt = now;
            if (containing.ValidFrom < from)
            {
                db.Add(Version(containing.ValidFrom, from, containing.Name, containing.Kind, containing.ParentId));
            }

            db.Add(Version(from, containing.ValidTo, command.Name, command.Kind, parentId));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
    /// sets validTo. A changed membership supersedes its row (history for releases); a management
    /// assignment, which only decides today's scope, is updated in place. Each is saved on its own so
    /// that a concurrent request writing the same one turns into an update instead of a failed chunk.
    /// </summary>
    private Task ApplyAssignmentAsync(AssignmentCommand command, DateTime now, CancellationToken cancellationToken) =>
        command.Type == EventTypes.Membership
            ? RecordMembershipAsync(command, now, cancellationToken)
            : UpsertAsync(
                m => m.PersonKey == command.PersonKey && m.OrgUnitId == command.UnitId && m.ValidFrom == command.ValidFrom,
                () => new UnitManager { PersonKey = command.PersonKey, OrgUnitId = command.UnitId, ValidFrom = command.ValidFrom, ValidTo = command.ValidTo, Source = command.Source },
                m => m.ValidTo = command.ValidTo,
                cancellationToken);

    private async Task RecordMembershipAsync(AssignmentCommand command, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await db.Set<Membership>()
                .SingleOrDefaultAsync(m => m.PersonKey == command.PersonKey && m.TeamId == command.UnitId && m.ValidFrom == command.ValidFrom && m.SupersededAt == null, cancellationToken)
                .ConfigureAwait(false);
            if (current is not null && current.ValidTo == command.ValidTo)
            {
                return;
            }

            if (current is not null)
            {
                current.SupersededAt = now;
            }

            var row = new Membership
            {
                PersonKey = command.PersonKey,
                TeamId = command.UnitId,
                ValidFrom = command.ValidFrom,
                ValidTo = command.ValidTo,
                Source = command.Source,
                RecordedAt = now,
            };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex) && attempt == 0)
            {
                // A concurrent request recorded the same membership after this one looked: EF rolled back
                // to its savepoint; look again and supersede what it wrote.
                db.Entry(row).State = EntityState.Detached;
                if (current is not null)
                {
                    await db.Entry(current).ReloadAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

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
