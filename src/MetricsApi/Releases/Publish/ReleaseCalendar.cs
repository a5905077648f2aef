using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Publish;

/// <summary>When periods become releasable: once they have ended and the grace for late telemetry has passed, within retention.</summary>
public sealed class ReleaseCalendar(ReleaseOptions options)
{
    /// <summary>Whether the period starting at <paramref name="start"/> may be released at <paramref name="now"/>.</summary>
    public bool IsReleasable(string grain, DateOnly start, DateTime now) =>
        Closes(grain, start).AddDays(options.GraceDays).ToDateTime(TimeOnly.MinValue) <= now;

    /// <summary>
    /// The day after which the period's release can be built (grace aside): the day after it ends, and for a month
    /// the day after the ISO week holding its last day ends. A month's audit must see every week overlapping it
    /// released (an attacker reads both grains, and the month less its other weeks bounds the week holding its
    /// last days); a week built after the month would be audited without it.
    /// </summary>
    public static DateOnly Closes(string grain, DateOnly start)
    {
        var end = PeriodRange.Next(grain, start);
        return grain == Grains.Month ? PeriodRange.Next(Grains.Week, PeriodRange.StartOf(Grains.Week, end.AddDays(-1))) : end;
    }

    /// <summary>
    /// The order periods are built in: newest first, so a backfill serves recent periods soonest, but each month
    /// after every week overlapping it (the week holding its first day starts before it; one may start on its first day).
    /// </summary>
    public static IEnumerable<T> InBuildOrder<T>(IEnumerable<T> periods, Func<T, string> grain, Func<T, DateOnly> start) =>
        periods.OrderByDescending(p => grain(p) == Grains.Month ? PeriodRange.StartOf(Grains.Week, start(p)) : start(p))
            .ThenBy(p => grain(p) == Grains.Month ? 1 : 0);

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
