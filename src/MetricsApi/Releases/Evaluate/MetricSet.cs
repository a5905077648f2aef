using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Evaluate;

/// <summary>Which metric versions and quantities an evaluation involves.</summary>
public static class MetricSet
{
    public static bool IsPublished(MetricVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Status is MetricStatuses.Published or MetricStatuses.Deprecated;
    }

    /// <summary>The current versions of the given metrics and of every metric they are computed from.</summary>
    public static Dictionary<string, MetricVersion> Involved(IReadOnlyDictionary<string, Metric> metrics, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var involved = new Dictionary<string, MetricVersion>(StringComparer.Ordinal);
        var pending = new Stack<string>(keys);
        while (pending.TryPop(out var key))
        {
            if (involved.ContainsKey(key) || !metrics.TryGetValue(key, out var metric))
            {
                continue;
            }

            involved[key] = metric.Current;
            foreach (var reference in MetricDefinition.FromJson(metric.Current.Definition).References)
            {
                pending.Push(reference);
            }
        }

        return involved;
    }

    /// <summary>
    /// The quantities of the involved base metrics, each over every published metric that counts the
    /// same thing (their dimensions and their largest k), so that each has one pattern.
    /// </summary>
    public static Dictionary<string, Quantity> Quantities(IReadOnlyDictionary<string, Metric> metrics, IReadOnlyDictionary<string, MetricVersion> involved, Func<MetricVersion, int> minGroupSize)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(involved);
        var all = metrics.Values.Select(m => m.Current).Where(IsPublished).Concat(involved.Values).DistinctBy(v => v.Id);
        var needed = involved.Values.Select(v => MetricDefinition.FromJson(v.Definition)).Where(d => d.Source is not null).Select(Quantity.KeyOf).ToHashSet(StringComparer.Ordinal);
        return Quantity.Of(all, minGroupSize).Where(q => needed.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
    }

    /// <summary>The pattern a metric version's cells belong to: its quantity for a base metric, itself for a derived one.</summary>
    public static string Pattern(MetricVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var definition = MetricDefinition.FromJson(version.Definition);
        return definition.Source is null ? Disclosure.EarlierReleases.DerivedPattern(version.MetricKey) : Quantity.KeyOf(definition);
    }
}
