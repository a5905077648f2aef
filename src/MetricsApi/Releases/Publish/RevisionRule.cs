namespace MetricsApi.Releases.Publish;

/// <summary>
/// Which late records a revision may admit. A revised cell must not single anyone out: its change
/// from the previous release passes the primary rule when 0 or at least k people are behind it. The
/// rule works per person and per team: a late person changes the cells of every team they belonged to
/// in the period (under the old or the new memberships) — the total and, per dimension value, the
/// values their late records touch (every value they used when a membership of theirs changed). A team
/// whose cells would change through 1 to k − 1 late people has all its late people held back, which may
/// leave another team short; this repeats until every team's changes rest on 0 or at least k people.
/// Units above teams change by the sum of admitted teams' changes, so they pass too. Pure.
/// </summary>
public static class RevisionRule
{
    /// <summary>A late person: the teams and the cells (dimension values, "" for the total) their late records change.</summary>
    public sealed record LatePerson(string PersonKey, IReadOnlyCollection<int> Teams, IReadOnlyCollection<string> Cells);

    /// <summary>The people to hold back.</summary>
    public static IReadOnlySet<string> Held(IReadOnlyCollection<LatePerson> late, int k)
    {
        ArgumentNullException.ThrowIfNull(late);
        var held = new HashSet<string>(StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            var admitted = late.Where(p => !held.Contains(p.PersonKey)).ToList();
            var failing = admitted
                .SelectMany(p => p.Teams.SelectMany(t => p.Cells.Select(c => (Team: t, Cell: c, p.PersonKey))))
                .GroupBy(x => (x.Team, x.Cell))
                .Where(g => g.Select(x => x.PersonKey).Distinct(StringComparer.Ordinal).Count() < k)
                .Select(g => g.Key.Team)
                .ToHashSet();
            foreach (var person in admitted.Where(p => p.Teams.Any(failing.Contains)))
            {
                held.Add(person.PersonKey);
                changed = true;
            }
        }

        return held;
    }
}
