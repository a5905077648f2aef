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
        ArgumentNullException.ThrowIfNull(reachable);
        IEnumerable<OrgUnit> within = reachable;
        if (scope is not null)
        {
            var root = reachable.FirstOrDefault(u => u.ExternalId == scope);
            if (root is null)
            {
                return [];
            }

            within = reachable.Where(u => u.Path.StartsWith(root.Path, StringComparison.Ordinal));
        }

        var kind = groupBy switch
        {
            GroupLevels.Company => OrgUnitKinds.Company,
            GroupLevels.Org => OrgUnitKinds.Org,
            _ => OrgUnitKinds.Team,
        };
        return within.Where(u => u.Kind == kind).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
    }
}
