using MetricsApi.Features.Org;

namespace MetricsApi.Access.Scope;

/// <summary>Which groups a read covers: units of the requested level inside the requested scope and inside the caller's reach.</summary>
public static class ScopeGroups
{
    /// <summary>
    /// The groups, in tree order; empty when <paramref name="scope"/> is not reachable (whether or not it
    /// exists) or holds no unit of the level, which policy treats as out of scope.
    /// </summary>
    public static IReadOnlyList<OrgUnit> Select(IReadOnlyList<OrgUnit> reachable, string? scope, string groupBy)
    {
        var within = Within(reachable, scope);
        var kind = groupBy switch
        {
            GroupLevels.Company => OrgUnitKinds.Company,
            GroupLevels.Org => OrgUnitKinds.Org,
            _ => OrgUnitKinds.Team,
        };
        return within.Where(u => u.Kind == kind).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The reachable units inside <paramref name="scope"/> (all of them without one), in tree order; empty when it is not reachable.</summary>
    public static IReadOnlyList<OrgUnit> Within(IReadOnlyList<OrgUnit> reachable, string? scope)
    {
        ArgumentNullException.ThrowIfNull(reachable);
        if (scope is null)
        {
            return reachable;
        }

        var root = reachable.FirstOrDefault(u => u.ExternalId == scope);
        return root is null ? [] : reachable.Where(u => u.Path.StartsWith(root.Path, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The topmost units of a set (those with no ancestor in it): what a read of the set covers, for the audit log.</summary>
    public static IReadOnlyList<string> Roots(IReadOnlyList<OrgUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var paths = units.Select(u => u.Path).ToList();
        return units.Where(u => !paths.Any(p => p != u.Path && u.Path.StartsWith(p, StringComparison.Ordinal)))
            .OrderBy(u => u.Path, StringComparer.Ordinal).Select(u => u.ExternalId).ToList();
    }
}
