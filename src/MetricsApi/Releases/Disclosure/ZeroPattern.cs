using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// How zeros are shown. In a set (a unit and its children, a total and its split) where a hidden cell has
/// 1 to k − 1 contributors, every zero of the set is hidden too: shown zeros around one hidden cell say
/// where those few people are (a tool piloted by one person shows 0 in every team but the pilot's, week
/// after week). Elsewhere zeros are shown: a zero of a group of at least k people singles nobody out.
/// Hidden zeros still count as known when covers are chosen (other quantities of the same events may
/// show them), so no value relies on them for its protection.
/// </summary>
public static class ZeroPattern
{
    public static void Apply(MetricTable table, IEnumerable<AdditiveSet> sets, int k)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sets);
        foreach (var set in sets)
        {
            var members = set.Children.Select(table.Find).Append(table.Find(set.Parent)).OfType<Cell>().ToList();
            if (members.Any(c => c.Suppressed && c.Contributors is > 0 && c.Contributors < k))
            {
                foreach (var zero in members.Where(c => c.Empty && !c.Suppressed && c.People > 0))
                {
                    zero.Suppress(SuppressionReasons.Complementary);
                }
            }
        }
    }
}
