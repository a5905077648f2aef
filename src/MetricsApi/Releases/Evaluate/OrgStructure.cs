using MetricsApi.Features.Org;

namespace MetricsApi.Releases.Evaluate;

/// <summary>A unit of the org tree as the evaluator sees it; <see cref="Path"/> is the chain of ids from the root (<c>/1/4/17/</c>).</summary>
public sealed record OrgNode(int Id, string ExternalId, string Name, string Kind, int? ParentId, string Path);

/// <summary>
/// The org tree of one period, as a release uses it: units, their children in tree order, the teams
/// below each unit and the team → group map (every team with itself and each unit above it) that the
/// evaluation SQL joins events through. Built from parent links in memory (a few thousand units), so
/// the database never matches path prefixes.
/// </summary>
public sealed class OrgStructure
{
    private readonly Dictionary<int, List<int>> _teamsBelow = [];

    public OrgStructure(IEnumerable<OrgNode> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        Units = units.ToDictionary(u => u.Id);
        Children = Units.Values
            .Where(u => u.ParentId is { } parent && Units.ContainsKey(parent))
            .GroupBy(u => u.ParentId!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OrgNode>)g.OrderBy(u => u.Path, StringComparer.Ordinal).ToList());
        foreach (var team in Units.Values.Where(u => u.Kind == OrgUnitKinds.Team))
        {
            foreach (var group in Ancestry(team))
            {
                if (!_teamsBelow.TryGetValue(group, out var teams))
                {
                    _teamsBelow[group] = teams = [];
                }

                teams.Add(team.Id);
            }
        }
    }

    public IReadOnlyDictionary<int, OrgNode> Units { get; }

    /// <summary>Each unit's direct children, in tree order.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<OrgNode>> Children { get; }

    /// <summary>Every (team, group) pair: each team with itself and every unit above it.</summary>
    public IEnumerable<(int Team, int Group)> GroupMap =>
        _teamsBelow.SelectMany(g => g.Value.Select(team => (team, g.Key)));

    /// <summary>The teams at or below a unit.</summary>
    public IReadOnlyList<int> TeamsBelow(int unit) => _teamsBelow.GetValueOrDefault(unit) ?? [];

    /// <summary>
    /// A tree from parent links (ids, names, kinds and parents; paths are computed). Units whose parent
    /// chain does not reach a root inside the set are left out.
    /// </summary>
    public static OrgStructure FromParents(IEnumerable<(int Id, string ExternalId, string Name, string Kind, int? ParentId)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var byId = units.ToDictionary(u => u.Id);
        var paths = new Dictionary<int, string?>();
        string? PathOf(int id, int depth)
        {
            if (paths.TryGetValue(id, out var known))
            {
                return known;
            }

            var unit = byId[id];
            string? path = unit.ParentId is not { } parent ? $"/{id}/"
                : byId.ContainsKey(parent) && depth < byId.Count && PathOf(parent, depth + 1) is { } above ? $"{above}{id}/"
                : null;
            paths[id] = path;
            return path;
        }

        return new OrgStructure(byId.Values
            .Select(u => (Unit: u, Path: PathOf(u.Id, 0)))
            .Where(u => u.Path is not null)
            .Select(u => new OrgNode(u.Unit.Id, u.Unit.ExternalId, u.Unit.Name, u.Unit.Kind, u.Unit.ParentId, u.Path!)));
    }

    private IEnumerable<int> Ancestry(OrgNode unit)
    {
        for (OrgNode? current = unit; current is not null; current = current.ParentId is { } parent ? Units.GetValueOrDefault(parent) : null)
        {
            yield return current.Id;
        }
    }
}
