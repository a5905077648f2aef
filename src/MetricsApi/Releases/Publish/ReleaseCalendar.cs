using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Publish;

/// <summary>When periods become releasable: once they have ended and the grace for late telemetry has passed, within retention.</summary>
public sealed class ReleaseCalendar(ReleaseOptions options)
{
    /// <summary>Whether the period starting at <paramref name="start"/> may be released at <paramref name="now"/>.</summary>
    public bool IsReleasable(string grain, DateOnly start, DateTime now) =>
        PeriodRange.Next(grain, start).AddDays(options.GraceDays).ToDateTime(TimeOnly.MinValue) <= now;

    /// <summary>
    /// Whether the period lies outside the release window: before retention, or ended before the
    /// first event the service holds (<paramref name="firstData"/>; null when it holds none).
    /// </summary>
    public bool IsOutsideWindow(string grain, DateOnly start, DateTime now, DateOnly? firstData) =>
        start < RetentionStart(grain, now) || firstData is not { } first || PeriodRange.Next(grain, start) <= first;

    /// <summary>The first period of the retention window.</summary>
    public DateOnly RetentionStart(string grain, DateTime now) =>
        PeriodRange.StartOf(grain, DateOnly.FromDateTime(now).AddMonths(-options.RetentionMonths));

    /// <summary>The releasable periods from <paramref name="from"/> (clamped to retention), newest first.</summary>
    public IEnumerable<DateOnly> Releasable(string grain, DateOnly from, DateTime now)
    {
        var first = PeriodRange.StartOf(grain, from) < RetentionStart(grain, now) ? RetentionStart(grain, now) : PeriodRange.StartOf(grain, from);
        var starts = new List<DateOnly>();
        for (var start = first; IsReleasable(grain, start, now); start = PeriodRange.Next(grain, start))
        {
            starts.Add(start);
        }

        starts.Reverse();
        return starts;
    }
}
