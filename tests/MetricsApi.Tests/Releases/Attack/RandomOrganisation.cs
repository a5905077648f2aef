using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases.Attack;

/// <summary>
/// A random company for the attack tests: two or three orgs of two to four teams of 1 to 12 people. Each week
/// three quarters of the people use AI tools, each tool with its own popularity (80 %, 40 %, 10 %), on one
/// random day of the week with a heavy-tailed number of tokens.
/// </summary>
internal sealed class RandomOrganisation
{
    public static readonly string[] Tools = ["codex", "kiro", "pippin"];

    public List<OrgNode> Units { get; } = [];

    public Dictionary<int, int> Headcounts { get; } = [];

    /// <summary>Per team: each member's tokens per day and tool.</summary>
    private readonly Dictionary<int, List<Dictionary<(DateOnly Day, string Tool), double>>> _members = [];

    /// <summary>A company whose people are active in the weeks starting on the given Mondays.</summary>
    public static RandomOrganisation Make(int seed, IReadOnlyList<DateOnly> weeks)
    {
        var random = new Random(seed);
        var org = new RandomOrganisation();
        org.Units.Add(new OrgNode(1, "acme", "acme", "COMPANY", null, "/1/"));
        var next = 2;
        for (var o = random.Next(2, 4); o > 0; o--)
        {
            var orgId = next++;
            org.Units.Add(new OrgNode(orgId, "o" + orgId, "org " + orgId, "ORG", 1, $"/1/{orgId}/"));
            for (var t = random.Next(2, 5); t > 0; t--)
            {
                var team = next++;
                org.Units.Add(new OrgNode(team, "t" + team, "team " + team, "TEAM", orgId, $"/1/{orgId}/{team}/"));
                var members = new List<Dictionary<(DateOnly, string), double>>();
                for (var m = random.Next(1, 13); m > 0; m--)
                {
                    var usage = new Dictionary<(DateOnly, string), double>();
                    foreach (var week in weeks)
                    {
                        if (random.NextDouble() < 0.75)
                        {
                            foreach (var (tool, share) in Tools.Zip(new[] { 0.8, 0.4, 0.1 }))
                            {
                                if (random.NextDouble() < share)
                                {
                                    usage[(week.AddDays(random.Next(7)), tool)] = Math.Round(Math.Exp(random.NextDouble() * 8)) * 10;
                                }
                            }
                        }
                    }

                    members.Add(usage);
                }

                org._members[team] = members;
            }
        }

        foreach (var unit in org.Units)
        {
            org.Headcounts[unit.Id] = org.TeamsBelow(unit.Id).Sum(t => org._members[t].Count);
        }

        return org;
    }

    public IEnumerable<int> Children(int unit) => Units.Where(u => u.ParentId == unit).Select(u => u.Id);

    public int? Parent(int unit) => Units.Single(u => u.Id == unit).ParentId;

    private IEnumerable<int> TeamsBelow(int unit) => _members.ContainsKey(unit) ? [unit] : Children(unit).SelectMany(TeamsBelow);

    /// <summary>
    /// What the database would return for the days from <paramref name="from"/> up to <paramref name="to"/>: per unit,
    /// for the total and each tool, events, contributors, the quantity and the two largest contributions.
    /// </summary>
    public Dictionary<CellKey, RawAggregate> Aggregates(bool people, DateOnly from, DateOnly to)
    {
        var cells = new Dictionary<CellKey, RawAggregate>();
        foreach (var unit in Units)
        {
            var members = TeamsBelow(unit.Id).SelectMany(t => _members[t])
                .Select(m => m.Where(u => u.Key.Day >= from && u.Key.Day < to).ToList()).ToList();
            foreach (var tool in Tools.Prepend(null))
            {
                var used = members.Select(m => m.Where(u => tool is null || u.Key.Tool == tool).ToList()).Where(m => m.Count > 0).ToList();
                if (used.Count == 0)
                {
                    continue;
                }

                var contributions = used.Select(m => m.Sum(u => u.Value)).OrderDescending().ToList();
                var a = people ? used.Count : contributions.Sum();
                cells[new CellKey(unit.Id, from, tool is null ? null : "tool", tool)] = new RawAggregate(used.Sum(m => m.Count), used.Count, a, null,
                    contributions[0], contributions.Count > 1 ? contributions[1] : 0);
            }
        }

        return cells;
    }
}
