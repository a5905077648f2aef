using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;
using MetricsApi.Targets;
using MetricsApi.Targets.Define;
using MetricsApi.Targets.Progress;

namespace MetricsApi.Tests.Targets;

/// <summary>The arithmetic of progress on served points, without a database: trajectory, status, margins, roll-up threshold.</summary>
public sealed class ProgressCalculatorTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);
    private static readonly OrgNode Team = new(7, "t", "t", "TEAM", null, "/7/");
    private static readonly ProgressCalculator Calculator = new(new TargetOptions());

    private static TargetVersion Target(double goal = 3, string kind = TargetGoalKinds.MultipleOfBaseline, string metric = "deployments_per_engineer_weekly", int deadlineWeeks = 20) => new()
    {
        TargetKey = "k",
        Status = TargetStatuses.Active,
        MetricKey = metric,
        MetricKind = MetricKinds.Outcome,
        BaselineGrain = Grains.Week,
        BaselineStart = Start,
        BaselineEnd = Start.AddDays(28),
        GoalKind = kind,
        GoalValue = goal,
        Deadline = Start.AddDays(7 * deadlineWeeks).AddDays(-1),
        Owner = "o",
        Description = "d",
        AuthorId = "a",
        AuthorName = "a",
    };

    private static Period Week(int n) => new(Start.AddDays(7 * n), Start.AddDays(7 * (n + 1)));

    /// <summary>Points of weeks 0.. with the given values (null = hidden).</summary>
    private static Dictionary<DateOnly, MetricPoint> Points(params double?[] values) =>
        values.Select((v, n) => new MetricPoint(Team, null, Week(n), true, v, v is null, v is null ? "BELOW_MIN_GROUP_SIZE" : null, v is null ? null : 6, null))
            .ToDictionary(p => p.Period.Start);

    private static MetricVersion Guardrail(string key) => new()
    {
        MetricKey = key,
        Number = 1,
        Status = MetricStatuses.Published,
        Name = key,
        Description = "",
        Kind = MetricKinds.Outcome,
        Unit = "",
        Owner = "",
        Steward = "",
        AllowedPurposes = "",
        Grains = "WEEK",
        Definition = "{}",
        AuthorId = "",
        AuthorName = "",
    };

    private static ProgressPeriods Periods(TargetVersion target, int weeks) =>
        ProgressCalculator.Periods(target, [.. Enumerable.Range(0, weeks).Select(Week)], _ => true);

    [Fact]
    public void HalfwayToTheDeadlineTheTrajectoryExpectsHalfTheGain()
    {
        // Baseline weeks 0-3 at 1, deadline the end of week 19 (16 weeks after the baseline); measured after week 11 (8 weeks in).
        var target = Target();
        var periods = Periods(target, 12);

        var assessment = Calculator.Assess(target, new GroupValues(Points(1, 1, 1, 1, 2.1, 2.1, 2.1, 2.1, 2.1, 2.1, 2.1, 2.1), []), periods);

        Assert.Equal(Start.AddDays(84), assessment.Trajectory!.AsOf);
        Assert.Equal(1 + (2 * 56 / 111.0), assessment.Trajectory.ExpectedValue, 5);
        Assert.Equal((ProgressStatuses.OnTrack, true, 2.1), (assessment.Status, assessment.OnTrack, assessment.Ratio));
        var behind = Calculator.Assess(target, new GroupValues(Points(1, 1, 1, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5), []), periods);
        Assert.Equal((ProgressStatuses.Behind, false), (behind.Status, behind.OnTrack));
    }

    [Fact]
    public void HalvingLeadTimeIsADecreaseAndMeetsItsGoalFromAbove()
    {
        var target = Target(goal: 0.5, metric: "median_lead_time");

        var assessment = Calculator.Assess(target, new GroupValues(Points(100, 100, 100, 100, 60, 50, 45, 45), []), Periods(target, 8));

        Assert.Equal((ProgressDirections.Decrease, 50.0, ProgressStatuses.Achieved, true), (assessment.Direction, assessment.GoalValue, assessment.Status, assessment.Improving));
    }

    [Fact]
    public void TheCurrentWindowIsAsLongAsTheBaselineAndOnlyHoldsReleasedPeriods()
    {
        var target = Target();

        var periods = ProgressCalculator.Periods(target, [.. Enumerable.Range(0, 12).Select(Week)], p => p.Start < Week(10).Start);

        Assert.Equal([Week(6), Week(7), Week(8), Week(9)], periods.Current);
        Assert.Equal(Week(9).End, periods.AsOf);
        Assert.Empty(ProgressCalculator.Periods(target, [.. Enumerable.Range(0, 4).Select(Week)], _ => true).Current);
    }

    [Fact]
    public void AWindowIsTheMeanOfItsVisibleValuesAndNothingElse()
    {
        var window = ProgressWindow.Of([Week(0), Week(1), Week(2)], Points(2, null, 4));
        var hidden = ProgressWindow.Of([Week(0), Week(1)], Points(null, null));

        Assert.Equal((3.0, 2, false), (window.Value!.Value, window.PeriodsWithValue, window.Suppressed));
        Assert.Equal(((double?)null, true, "BELOW_MIN_GROUP_SIZE"), (hidden.Value, hidden.Suppressed, hidden.SuppressionReason));
    }

    [Theory]
    [InlineData(0.10, 0.12, false)] // +20 %: at the margin, not beyond it
    [InlineData(0.10, 0.125, true)] // +25 %
    [InlineData(0.10, 0.05, false)] // better
    [InlineData(0.0, 0.01, true)] // from 0, any rise
    public void AGuardrailWorsensOnlyBeyondItsMargin(double before, double after, bool worsened)
    {
        var target = Target();
        var cfr = Points(before, before, before, before, after, after, after, after);

        var assessment = Calculator.Assess(target, new GroupValues(Points(1, 1, 1, 1, 3, 3, 3, 3), [(Guardrail("change_failure_rate"), cfr)]), Periods(target, 8));

        Assert.Equal(worsened, assessment.Guardrails.Single().Worsened);
        Assert.Equal(worsened ? 1 : 0, assessment.Warnings.Count(w => w.Kind == WarningKinds.GuardrailWorsened));
    }

    [Fact]
    public void AGuardrailThatFallsWhenHigherIsBetterWarnsToo()
    {
        // An adoption target guarded by release velocity: adoption up, velocity down by a third.
        var target = Target(goal: 0.8, kind: TargetGoalKinds.Value, metric: "weekly_active_ai_users");
        var velocity = Points(1, 1, 1, 1, 0.66, 0.66, 0.66, 0.66);

        var assessment = Calculator.Assess(target, new GroupValues(Points(0.3, 0.3, 0.3, 0.3, 0.7, 0.7, 0.7, 0.7), [(Guardrail("deployments_per_engineer_weekly"), velocity)]), Periods(target, 8));

        var warning = Assert.Single(assessment.Warnings);
        Assert.Contains("fell from 1 to 0.66", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHiddenGuardrailIsSaidToBeUncheckable()
    {
        var target = Target();

        var assessment = Calculator.Assess(target, new GroupValues(Points(1, 1, 1, 1, 3, 3, 3, 3), [(Guardrail("change_failure_rate"), Points(null, null, null, null, null, null, null, null))]), Periods(target, 8));

        Assert.Equal(WarningKinds.GuardrailUnavailable, Assert.Single(assessment.Warnings).Kind);
    }

    [Fact]
    public void ARollupNeedsKTeamsWithValues()
    {
        var target = Target();
        var periods = Periods(target, 8);
        GroupValues Team(double before, double after) => new(Points(before, before, before, before, after, after, after, after), []);
        var four = new[] { Team(1, 3), Team(1, 1), Team(1, 3), Team(2, 2), new GroupValues(Points(null, null, null, null, null, null, null, null), []) };

        var suppressed = Calculator.Rollup(target, ProgressDirections.Increase, four, periods, 5);
        var shown = Calculator.Rollup(target, ProgressDirections.Increase, [.. four, Team(1, 4)], periods, 5);

        Assert.Equal((true, 4, (int?)null), (suppressed.Suppressed, suppressed.TeamsWithValues, suppressed.TeamsMeetingGoal));
        Assert.Equal((false, 5, 3, 0.6), (shown.Suppressed, shown.TeamsWithValues, shown.TeamsMeetingGoal, shown.Share(shown.TeamsMeetingGoal)));
    }
}
