using System.Security.Claims;
using MetricsApi.Data;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Access.Scope;

/// <summary>
/// Which org units a principal may read aggregates of, on a given day (PRODUCT.md §3), from the org
/// data this service holds. Roles add up:
/// <list type="bullet">
/// <item>Engineer: the teams they are a member of.</item>
/// <item>Manager: the units they manage and everything below them.</item>
/// <item>Leader: the units they manage (lead) and everything below them, and the whole top-level org
/// their own teams sit in.</item>
/// <item>Analyst: the whole company.</item>
/// </list>
/// Auditors, stewards, privacy officers and ingestors read no metric values and get no scope.
/// </summary>
public sealed class ScopeResolver(MetricsDbContext db, Pseudonymiser pseudonymiser, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrgUnit>> ResolveAsync(ClaimsPrincipal principal, DateOnly? on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var day = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var roles = principal.GetKnownRoles();
        var units = db.Set<OrgUnit>().AsNoTracking();
        if (roles.Contains(Roles.Analyst))
        {
            return await units.OrderBy(u => u.Path).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        if (principal.GetObjectId() is not { } objectId)
        {
            return [];
        }

        var person = pseudonymiser.Pseudonymise(objectId);
        var teamPaths = roles.Contains(Roles.Engineer) || roles.Contains(Roles.Leader)
            ? await (from m in db.Set<Membership>().AsNoTracking()
                     join u in units on m.TeamId equals u.Id
                     where m.PersonKey == person && m.SupersededAt == null && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)
                     select u.Path).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        var managedPaths = roles.Contains(Roles.Manager) || roles.Contains(Roles.Leader)
            ? await (from m in db.Set<UnitManager>().AsNoTracking()
                     join u in units on m.OrgUnitId equals u.Id
                     where m.PersonKey == person && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)
                     select u.Path).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];

        var exact = roles.Contains(Roles.Engineer) ? teamPaths : [];
        var subtrees = new HashSet<string>(managedPaths, StringComparer.Ordinal);
        if (roles.Contains(Roles.Leader))
        {
            subtrees.UnionWith(teamPaths.Select(TopLevelOrgPath).OfType<string>());
        }

        var result = new Dictionary<int, OrgUnit>();
        foreach (var path in RemoveNested(subtrees))
        {
            foreach (var unit in await units.Where(u => u.Path.StartsWith(path)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                result[unit.Id] = unit;
            }
        }

        if (exact.Count > 0)
        {
            foreach (var unit in await units.Where(u => exact.Contains(u.Path)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                result[unit.Id] = unit;
            }
        }

        return result.Values.OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The units the principal leads (manages) today and everything below them, whatever its roles: the
    /// subtree a Leader sets targets in. Narrower than a Leader's read scope, which also holds the whole
    /// top-level org of their own teams: reading an org's figures is not leading it.
    /// </summary>
    public async Task<IReadOnlyList<OrgUnit>> LedAsync(ClaimsPrincipal principal, DateOnly? on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.GetObjectId() is not { } objectId)
        {
            return [];
        }

        var day = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var person = pseudonymiser.Pseudonymise(objectId);
        var units = db.Set<OrgUnit>().AsNoTracking();
        var led = await (from m in db.Set<UnitManager>().AsNoTracking()
                         join u in units on m.OrgUnitId equals u.Id
                         where m.PersonKey == person && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)
                         select u.Path).ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<int, OrgUnit>();
        foreach (var path in RemoveNested(led.ToHashSet(StringComparer.Ordinal)))
        {
            foreach (var unit in await units.Where(u => u.Path.StartsWith(path)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                result[unit.Id] = unit;
            }
        }

        return result.Values.OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>/company/org/.../team/</c> → <c>/company/org/</c>; null for units directly under the company.</summary>
    private static string? TopLevelOrgPath(string path)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return ids.Length >= 3 ? $"/{ids[0]}/{ids[1]}/" : null;
    }

    /// <summary>Drops subtree roots that lie inside another root, so no subtree is fetched twice.</summary>
    private static IEnumerable<string> RemoveNested(IReadOnlyCollection<string> paths) =>
        paths.Where(p => !paths.Any(other => other != p && p.StartsWith(other, StringComparison.Ordinal)));
}
