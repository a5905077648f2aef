using System.Globalization;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;

namespace MetricsApi.Targets.Progress;

/// <summary>One group's served points: the metric's and each guardrail's, by period start.</summary>
public sealed record GroupValues(IReadOnlyDictionary<DateOnly, MetricPoint> Metric, IReadOnlyList<(MetricVersion Guardrail, IReadOnlyDictionary<DateOnly, MetricPoint> Points)> Guardrails)
{
    /// <summary>The points of one group in a served series (and its guardrails').</summary>
    public static GroupValues Of(MetricSeries series, int groupId)
    {
        ArgumentNullException.ThrowIfNull(series);
        static IReadOnlyDictionary<DateOnly, MetricPoint> ByPeriod(MetricSeries s, int group) =>
            s.Points.Where(p => p.Group.Id == group && p.DimensionValue is null).GroupBy(p => p.Period.Start).ToDictionary(g => g.Key, g => g.First());
        return new GroupValues(ByPeriod(series, groupId), series.Guardrails.Select(g => (g.Version, ByPeriod(g, groupId))).ToList());
    }
}

/// <summary>
/// Turns served points into progress: windows, ratio, trajectory, status, guardrail checks with
/// Goodhart warnings, and portfolio roll-ups. Pure (no database, no clock), and it only ever sees
/// what the release shows: every number it returns is a function of visible values.
/// </summary>
public sealed class ProgressCalculator(TargetOptions options)
{
    /// <summary>The periods progress compares, from the periods read and which of them have a release.</summary>
    public static ProgressPeriods Periods(TargetVersion target, IReadOnlyList<Period> read, Func<Period, bool> released)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(released);
        var baseline = read.Where(p => p.Start >= target.BaselineStart && p.Start < target.BaselineEnd).ToList();
        var after = read.Where(p => p.Start >= target.BaselineEnd && p.Start <= target.Deadline && released(p)).ToList();
        var current = after.Skip(Math.Max(0, after.Count - baseline.Count)).ToList();
        return new ProgressPeriods(baseline, current, current.Count > 0 ? current[^1].End : target.BaselineEnd);
    }

    /// <summary>How a group stands against the target (for a team of a roll-up, against its own baseline).</summary>
    public Assessment Assess(TargetVersion target, GroupValues values, ProgressPeriods periods, string? direction = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(periods);
        var baseline = ProgressWindow.Of(periods.Baseline, values.Metric);
        var current = periods.Current.Count > 0 ? ProgressWindow.Of(periods.Current, values.Metric) : null;
        var goal = target.GoalKind == TargetGoalKinds.MultipleOfBaseline
            ? baseline.Value is { } b ? ProgressWindow.Round(b * target.GoalValue) : (double?)null
            : target.GoalValue;
        direction ??= Direction(target, baseline.Value, goal);
        var increase = direction == ProgressDirections.Increase;
        var ratio = baseline.Value is { } from && from != 0 && current?.Value is { } now ? ProgressWindow.Round(now / from) : (double?)null;

        Trajectory? trajectory = null;
        if (baseline.Value is { } start && goal is { } end)
        {
            var span = target.Deadline.DayNumber - target.BaselineEnd.DayNumber;
            var elapsed = Math.Clamp(span <= 0 ? 1 : (periods.AsOf.DayNumber - target.BaselineEnd.DayNumber) / (double)span, 0, 1);
            trajectory = new Trajectory(target.BaselineEnd, start, target.Deadline, end, periods.AsOf, ProgressWindow.Round(start + ((end - start) * elapsed)));
        }

        bool Meets(double value, double threshold) => increase ? value >= threshold : value <= threshold;
        string status;
        bool? onTrack = null;
        if (baseline.Value is null || goal is null)
        {
            status = ProgressStatuses.Unknown;
        }
        else if (current is null)
        {
            status = ProgressStatuses.NotStarted;
        }
        else if (current.Value is not { } value)
        {
            status = ProgressStatuses.Unknown;
        }
        else if (Meets(value, goal.Value))
        {
            (status, onTrack) = (ProgressStatuses.Achieved, true);
        }
        else if (periods.AsOf > target.Deadline)
        {
            (status, onTrack) = (ProgressStatuses.Missed, false);
        }
        else
        {
            onTrack = Meets(value, trajectory!.ExpectedValue);
            status = onTrack.Value ? ProgressStatuses.OnTrack : ProgressStatuses.Behind;
        }

        var improving = baseline.Value is { } was && current?.Value is { } @is && (increase ? @is > was : @is < was);
        var guardrails = values.Guardrails.Select(g => Guardrail(g.Guardrail, g.Points, periods)).ToList();
        var warnings = new List<GoodhartWarning>();
        if (current?.Value is not null)
        {
            foreach (var guardrail in guardrails)
            {
                if (guardrail.Worsened is null)
                {
                    warnings.Add(new GoodhartWarning(WarningKinds.GuardrailUnavailable, guardrail.Metric.MetricKey,
                        $"{guardrail.Metric.MetricKey} cannot be checked over the same periods (its values are {(guardrail.Baseline.Suppressed || guardrail.Current.Suppressed ? "hidden" : "missing")}): read this progress with care."));
                }
                else if (guardrail.Worsened == true && improving)
                {
                    warnings.Add(new GoodhartWarning(WarningKinds.GuardrailWorsened, guardrail.Metric.MetricKey, Sentence(target, baseline, current, guardrail)));
                }
            }
        }

        return new Assessment(direction, baseline, current, goal, ratio, trajectory, status, onTrack, improving, guardrails, warnings);
    }

    /// <summary>
    /// How many of the unit's teams meet the goal against their own baseline (and are on track, and
    /// meet it while a guardrail worsened). Teams count only with both windows visible; with fewer than
    /// <paramref name="minTeams"/> such teams the counts are suppressed: a roll-up over a handful of
    /// teams presses on them, and says about each what the points say.
    /// </summary>
    public PortfolioRollup Rollup(TargetVersion target, string direction, IReadOnlyList<GroupValues> teams, ProgressPeriods periods, int minTeams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var assessed = teams.Select(t => Assess(target, t, periods, direction))
            .Where(a => a.Baseline.Value is { } b && a.Current?.Value is not null && a.GoalValue is not null
                && (target.GoalKind != TargetGoalKinds.MultipleOfBaseline || b != 0))
            .ToList();
        if (assessed.Count < minTeams)
        {
            return new PortfolioRollup(teams.Count, assessed.Count, minTeams, true, Releases.Disclosure.SuppressionReasons.BelowMinGroupSize, null, null, null);
        }

        var meeting = assessed.Where(a => a.Status == ProgressStatuses.Achieved).ToList();
        return new PortfolioRollup(teams.Count, assessed.Count, minTeams, false, null,
            meeting.Count,
            assessed.Count(a => a.OnTrack == true),
            meeting.Count(a => a.Warnings.Any(w => w.Kind == WarningKinds.GuardrailWorsened)));
    }

    private GuardrailProgress Guardrail(MetricVersion metric, IReadOnlyDictionary<DateOnly, MetricPoint> points, ProgressPeriods periods)
    {
        var baseline = ProgressWindow.Of(periods.Baseline, points);
        var current = ProgressWindow.Of(periods.Current, points);
        var lowerIsBetter = options.IsLowerBetter(metric.MetricKey);
        var margin = options.MarginFor(metric.MetricKey);
        double? change = null;
        bool? worsened = null;
        if (baseline.Value is { } was && current.Value is { } now && periods.Current.Count > 0)
        {
            change = was != 0 ? ProgressWindow.Round((now - was) / Math.Abs(was)) : null;
            var worse = lowerIsBetter ? now - was : was - now;
            worsened = worse > 0 && (was == 0 || worse / Math.Abs(was) > margin);
        }

        return new GuardrailProgress(metric, baseline, current, change, lowerIsBetter, margin, worsened);
    }

    private string Direction(TargetVersion target, double? baseline, double? goal)
    {
        if (target.GoalKind == TargetGoalKinds.MultipleOfBaseline && target.GoalValue != 1)
        {
            return target.GoalValue > 1 ? ProgressDirections.Increase : ProgressDirections.Decrease;
        }

        if (baseline is { } b && goal is { } g && g != b)
        {
            return g > b ? ProgressDirections.Increase : ProgressDirections.Decrease;
        }

        return options.IsLowerBetter(target.MetricKey) ? ProgressDirections.Decrease : ProgressDirections.Increase;
    }

    private static string Sentence(TargetVersion target, ProgressWindow baseline, ProgressWindow current, GuardrailProgress guardrail)
    {
        var change = guardrail.Change is { } c ? string.Create(CultureInfo.InvariantCulture, $" ({c:+0%;-0%})") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{target.MetricKey} moved from {baseline.Value:0.######} to {current.Value:0.######} towards the goal while its guardrail {guardrail.Metric.MetricKey} {(guardrail.LowerIsBetter ? "rose" : "fell")} from {guardrail.Baseline.Value:0.######} to {guardrail.Current.Value:0.######}{change}, beyond the {guardrail.Margin:0%} margin: the target may be met at the cost of what the guardrail protects (Goodhart's law).");
    }
}
