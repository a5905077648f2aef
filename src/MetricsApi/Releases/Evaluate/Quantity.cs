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
    /// <summary>
    /// Smaller k this quantity was served with under earlier policy versions. A raise must never show
    /// what an earlier pattern hid (reads from before and after would combine), so cells hidden under
    /// each of them stay hidden.
    /// </summary>
    public IReadOnlyList<int> EarlierMinGroupSizes { get; init; } = [];

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
    public static IReadOnlyDictionary<string, Quantity> Of(IEnumerable<MetricVersion> versions, Func<MetricVersion, int> minGroupSize) =>
        Of(versions, [minGroupSize]);

    /// <param name="versions">Current metric versions.</param>
    /// <param name="minGroupSizes">The effective k of a metric under each policy version, oldest first; the last is current.</param>
    public static IReadOnlyDictionary<string, Quantity> Of(IEnumerable<MetricVersion> versions, IReadOnlyList<Func<MetricVersion, int>> minGroupSizes)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(minGroupSizes);
        var minGroupSize = minGroupSizes[^1];
        var bases = versions
            .Select(v => (Version: v, Definition: MetricDefinition.FromJson(v.Definition)))
            .Where(v => v.Definition.Source is not null)
            .ToList();
        var bySource = bases.GroupBy(v => v.Definition.Source!, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (Dimensions: (IReadOnlyList<string>)g.SelectMany(v => TableEvaluator.Dimensions(v.Version)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                  K: g.Max(v => minGroupSize(v.Version)),
                  Earlier: (IReadOnlyList<int>)minGroupSizes.Select(k => g.Max(v => k(v.Version))).Distinct().ToList()),
            StringComparer.Ordinal);
        return bases
            .GroupBy(v => KeyOf(v.Definition), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var source = bySource[g.First().Definition.Source!];
                return new Quantity(g.Key, g.First().Definition, source.Dimensions, source.K)
                {
                    EarlierMinGroupSizes = source.Earlier.Where(k => k < source.K).Order().ToList(),
                };
            }, StringComparer.Ordinal);
    }
}
