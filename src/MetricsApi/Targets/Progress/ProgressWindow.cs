using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;

namespace MetricsApi.Targets.Progress;

/// <summary>
/// A run of whole periods summarised as the mean of the values the release shows for them. Only
/// visible values enter it: a hidden cell has no value in its release, so no window, ratio or
/// trajectory built from windows can say anything about it that the served points do not.
/// </summary>
/// <param name="From">First day of the first period.</param>
/// <param name="To">Last day of the last period.</param>
/// <param name="Periods">Periods in the window.</param>
/// <param name="PeriodsWithValue">Periods whose value is visible and defined.</param>
/// <param name="Value">The mean of those values (6 decimals); null when there is none.</param>
/// <param name="Suppressed">No visible value, and at least one period hidden.</param>
/// <param name="SuppressionReason">The reason of the hidden periods when the whole window is hidden.</param>
public sealed record ProgressWindow(DateOnly From, DateOnly To, int Periods, int PeriodsWithValue, double? Value, bool Suppressed, string? SuppressionReason)
{
    /// <summary>The window of a group over the periods, from the group's points (one per period start, missing when the unit had none).</summary>
    public static ProgressWindow Of(IReadOnlyList<Period> periods, IReadOnlyDictionary<DateOnly, MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(points);
        var served = periods.Select(p => points.GetValueOrDefault(p.Start)).OfType<MetricPoint>().ToList();
        var values = served.Where(p => !p.Suppressed && p.Value is not null).Select(p => p.Value!.Value).ToList();
        var hidden = served.Where(p => p.Suppressed).ToList();
        var reason = values.Count == 0 && hidden.Count > 0
            ? hidden.GroupBy(p => p.SuppressionReason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key
            : null;
        return new ProgressWindow(
            periods.Count > 0 ? periods[0].Start : default,
            periods.Count > 0 ? periods[^1].LastDay : default,
            periods.Count,
            values.Count,
            values.Count > 0 ? Round(values.Average()) : null,
            values.Count == 0 && hidden.Count > 0,
            reason);
    }

    public static double Round(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
}
