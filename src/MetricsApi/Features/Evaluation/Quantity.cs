using System.Globalization;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Features.Evaluation;

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

    /// <summary>The quantities of the given (current) metric versions, keyed by <see cref="KeyOf"/>.</summary>
    public static IReadOnlyDictionary<string, Quantity> Of(IEnumerable<MetricVersion> versions, Func<MetricVersion, int> minGroupSize)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(minGroupSize);
        return versions
            .Select(v => (Version: v, Definition: MetricDefinition.FromJson(v.Definition)))
            .Where(v => v.Definition.Source is not null)
            .GroupBy(v => KeyOf(v.Definition), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Quantity(
                g.Key,
                g.First().Definition,
                g.SelectMany(v => TableEvaluator.Dimensions(v.Version)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                g.Max(v => minGroupSize(v.Version))), StringComparer.Ordinal);
    }
}
