using System.Globalization;
using MetricsApi.Features.Catalogue;
using MetricsApi.GraphQL;

namespace MetricsApi.Releases.Evaluate;

/// <summary>One aligned period: an ISO week or a calendar month, UTC; <see cref="End"/> is the first day after it.</summary>
public readonly record struct Period(DateOnly Start, DateOnly End)
{
    public DateOnly LastDay => End.AddDays(-1);
}

/// <summary>
/// The periods a read covers. Only aligned periods exist (ISO weeks, calendar months): requested days
/// are snapped outwards to whole periods, so two requests can never differ by a sliver of days whose
/// difference isolates a few people (time-window slicing).
/// </summary>
public sealed record PeriodRange(string Grain, IReadOnlyList<Period> Periods)
{
    /// <summary>Most periods one read may cover: five years of weeks.</summary>
    public const int MaxPeriods = 260;

    public DateOnly From => Periods[0].Start;

    public DateOnly To => Periods[^1].End;

    public static DateOnly StartOf(string grain, DateOnly day) => grain switch
    {
        Grains.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Grains.Month => new DateOnly(day.Year, day.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "Unknown grain."),
    };

    public static DateOnly Next(string grain, DateOnly start) => grain == Grains.Week ? start.AddDays(7) : start.AddMonths(1);

    /// <summary>The Mondays of the ISO weeks that overlap a calendar month (up to six), in order.</summary>
    public static IReadOnlyList<DateOnly> WeeksOverlapping(DateOnly month)
    {
        var end = Next(Grains.Month, month);
        return [.. Enumerable.Range(0, 6).Select(i => StartOf(Grains.Week, month).AddDays(7 * i)).Where(w => w < end)];
    }

    /// <summary>Whether an ISO week lies wholly inside a calendar month.</summary>
    public static bool WeekInside(DateOnly week, DateOnly month) => week >= month && Next(Grains.Week, week) <= Next(Grains.Month, month);

    /// <summary>Validates and snaps a requested range; errors are BAD_USER_INPUT naming the argument.</summary>
    public static PeriodRange Create(string grain, DateOnly from, DateOnly to, DateOnly today, IReadOnlyCollection<string> metricGrains)
    {
        ArgumentNullException.ThrowIfNull(metricGrains);
        if (!metricGrains.Contains(grain))
        {
            throw Bad("period.grain", $"This metric is defined for {string.Join(" and ", metricGrains)} periods, not {grain}.");
        }

        if (from > to)
        {
            throw Bad("period.from", $"period.from ({Day(from)}) is after period.to ({Day(to)}).");
        }

        if (StartOf(grain, to) > today)
        {
            throw Bad("period.to", $"period.to ({Day(to)}) lies in a period that has not started yet (today is {Day(today)}, UTC).");
        }

        var periods = new List<Period>();
        for (var start = StartOf(grain, from); start <= to; start = Next(grain, start))
        {
            if (periods.Count == MaxPeriods)
            {
                throw Bad("period", $"A read covers at most {MaxPeriods} periods; split the range or use a longer grain.");
            }

            periods.Add(new Period(start, Next(grain, start)));
        }

        return new PeriodRange(grain, periods);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static MetricsApiError Bad(string field, string message) =>
        new(ErrorCodes.BadUserInput, message, new Dictionary<string, object?> { ["field"] = field });
}
