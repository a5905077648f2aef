using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;

namespace MetricsApi.Targets.Progress;

/// <summary>Which way the target moves the metric.</summary>
public static class ProgressDirections
{
    public const string Increase = "INCREASE";
    public const string Decrease = "DECREASE";
}

/// <summary>Where a target stands.</summary>
public static class ProgressStatuses
{
    public const string Achieved = "ACHIEVED";
    public const string OnTrack = "ON_TRACK";
    public const string Behind = "BEHIND";
    public const string Missed = "MISSED";
    public const string NotStarted = "NOT_STARTED";
    public const string Unknown = "UNKNOWN";
}

/// <summary>Kinds of warning a progress result carries.</summary>
public static class WarningKinds
{
    /// <summary>The target improves while a guardrail worsens beyond its margin (Goodhart's law at work).</summary>
    public const string GuardrailWorsened = "GUARDRAIL_WORSENED";

    /// <summary>A guardrail cannot be checked (its values are hidden or missing), so the figure stands without its check.</summary>
    public const string GuardrailUnavailable = "GUARDRAIL_UNAVAILABLE";
}

/// <summary>The periods progress compares: the baseline, and the newest released periods after it (as many as the baseline has).</summary>
/// <param name="Baseline">The baseline's periods.</param>
/// <param name="Current">The newest released periods after the baseline, up to the deadline; empty before the first one is released.</param>
/// <param name="AsOf">The first day after the current window (the baseline's end when it is empty).</param>
public sealed record ProgressPeriods(IReadOnlyList<Period> Baseline, IReadOnlyList<Period> Current, DateOnly AsOf);

/// <summary>The straight line from the baseline to the goal, and where it says the unit should be now.</summary>
/// <param name="From">Where the line starts: the first day after the baseline.</param>
/// <param name="FromValue">The baseline value.</param>
/// <param name="To">The deadline.</param>
/// <param name="ToValue">The goal value.</param>
/// <param name="AsOf">The day progress is measured at (the first day after the current window).</param>
/// <param name="ExpectedValue">The line's value at <paramref name="AsOf"/>.</param>
public sealed record Trajectory(DateOnly From, double FromValue, DateOnly To, double ToValue, DateOnly AsOf, double ExpectedValue);

/// <summary>A guardrail over the same windows, and whether it worsened.</summary>
public sealed record GuardrailProgress(MetricVersion Metric, ProgressWindow Baseline, ProgressWindow Current, double? Change, bool LowerIsBetter, double Margin, bool? Worsened);

/// <summary>A warning that comes with a progress figure.</summary>
public sealed record GoodhartWarning(string Kind, string Guardrail, string Message);

/// <summary>
/// A portfolio roll-up: how many of the unit's teams meet the goal against their own baseline. Counted
/// from team values the release shows only, and suppressed when fewer than k teams have both windows.
/// </summary>
public sealed record PortfolioRollup(
    int Teams,
    int TeamsWithValues,
    int MinTeams,
    bool Suppressed,
    string? SuppressionReason,
    int? TeamsMeetingGoal,
    int? TeamsOnTrack,
    int? TeamsMeetingGoalWithWarning)
{
    public double? Share(int? count) => Suppressed || count is null || TeamsWithValues == 0 ? null : ProgressWindow.Round((double)count.Value / TeamsWithValues);
}

/// <summary>How one group (the target's unit, or a team of it) stands.</summary>
public sealed record Assessment(
    string Direction,
    ProgressWindow Baseline,
    ProgressWindow? Current,
    double? GoalValue,
    double? Ratio,
    Trajectory? Trajectory,
    string Status,
    bool? OnTrack,
    bool Improving,
    IReadOnlyList<GuardrailProgress> Guardrails,
    IReadOnlyList<GoodhartWarning> Warnings);

/// <summary>A target's progress as served.</summary>
public sealed record TargetProgress(
    TargetVersionView Target,
    MetricVersion Metric,
    string Purpose,
    OrgNode Group,
    string Grain,
    Assessment Assessment,
    PortfolioRollup? Rollup,
    string? RollupNote,
    IReadOnlyList<MetricPoint> Points,
    Provenance Provenance);
