using System.Globalization;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// What a base metric counts, whatever it calls itself: its events, filters and aggregation family
/// (a share of people is a count of people over the headcount, a per-engineer count is a count).
/// Metrics of one quantity share one suppression pattern, at the largest k among them and over all
/// their dimensions: otherwise a count hidden in one metric could be read back from another
/// (an active-user count hidden by tool, visible as a share of the team).
/// </summary>
public sealed record Quantity(string Key, MetricDefinition Definition, IReadOnlyList<string> Dimensions, int MinGroupSize)
{
    public static string KeyOf(MetricDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var family = definition.Aggregation switch
        {
            Aggregations.DistinctPeople or Aggregations.ShareOfPeople => "PEOPLE",
            _ => definition.Aggregation,
        };
        var filters = definition.Filters
            .Select(f => $"{f.Field} {f.Op} {string.Join(",", f.Values.Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"{definition.Source}|{family}|{definition.Field}|{string.Join(";", filters)}");
    }

    /// <summary>
    /// The quantities of the given (current) metric versions, keyed by <see cref="KeyOf"/>. Dimensions and
    /// k are taken over every metric of the same source, not only of the same quantity: two quantities can
    /// hold identical values (a filter that matches everything), and identical data must get identical
    /// patterns, or one shows what the other hides.
    /// </summary>
    public static IReadOnlyDictionary<string, Quantity> Of(IEnumerable<MetricVersion> versions, Func<MetricVersion, int> minGroupSize)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(minGroupSize);
        var bases = versions
            .Select(v => (Version: v, Definition: MetricDefinition.FromJson(v.Definition)))
            .Where(v => v.Definition.Source is not null)
            .ToList();
        var bySource = bases.GroupBy(v => v.Definition.Source!, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (Dimensions: (IReadOnlyList<string>)g.SelectMany(v => TableEvaluator.Dimensions(v.Version)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                  K: g.Max(v => minGroupSize(v.Version))),
            StringComparer.Ordinal);
        return bases
            .GroupBy(v => KeyOf(v.Definition), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var source = bySource[g.First().Definition.Source!];
                return new Quantity(g.Key, g.First().Definition, source.Dimensions, source.K);
            }, StringComparer.Ordinal);
    }
}
