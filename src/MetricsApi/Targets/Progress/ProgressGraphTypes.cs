using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;

namespace MetricsApi.Targets.Progress;

/// <summary>GraphQL enum of <see cref="ProgressDirections"/>.</summary>
public sealed class ProgressDirectionType() : DescribedEnumType("ProgressDirection", "Which way the target moves its metric.",
    (ProgressDirections.Increase, "The goal lies above the baseline (e.g. triple release velocity)."),
    (ProgressDirections.Decrease, "The goal lies below the baseline (e.g. halve lead time)."));

/// <summary>GraphQL enum of <see cref="ProgressStatuses"/>.</summary>
public sealed class ProgressStatusType() : DescribedEnumType("ProgressStatus", "Where a unit stands against its target.",
    (ProgressStatuses.Achieved, "The current window's value meets the goal."),
    (ProgressStatuses.OnTrack, "Not there yet, but at or beyond the straight line from the baseline to the goal at the deadline."),
    (ProgressStatuses.Behind, "Short of the straight line from the baseline to the goal."),
    (ProgressStatuses.Missed, "The deadline has passed and the goal is not met."),
    (ProgressStatuses.NotStarted, "No period after the baseline has been released yet."),
    (ProgressStatuses.Unknown, "The baseline or the current window has no visible value (suppressed or undefined), so progress cannot be told."));

/// <summary>GraphQL enum of <see cref="WarningKinds"/>.</summary>
public sealed class ProgressWarningKindType() : DescribedEnumType("ProgressWarningKind", "What a progress warning is about.",
    (WarningKinds.GuardrailWorsened, "Goodhart warning: the target improves while this guardrail worsened beyond its margin (`Targets:GuardrailMargin`)."),
    (WarningKinds.GuardrailUnavailable, "This guardrail cannot be checked over the same periods (its values are hidden or missing), so the progress figure stands without its check."));

/// <summary>GraphQL shape of <see cref="ProgressWindow"/>.</summary>
public sealed class ProgressWindowType : ObjectGraphType<ProgressWindow>
{
    public ProgressWindowType()
    {
        Name = "ProgressWindow";
        Description = "Whole periods summarised as the mean of the values their releases show for the group. Hidden values never enter it: with none visible, the window is null and says why.";
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("First day of the first period.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("Last day of the last period (inclusive).").Resolve(c => c.Source.To);
        Field<NonNullGraphType<IntGraphType>>("periods").Description("Periods in the window.").Resolve(c => c.Source.Periods);
        Field<NonNullGraphType<IntGraphType>>("periodsWithValue").Description("Periods whose value is visible and defined; the mean is over these.").Resolve(c => c.Source.PeriodsWithValue);
        Field<FloatGraphType>("value").Description("The mean of the visible values (6 decimals); null when there is none.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<BooleanGraphType>>("suppressed").Description("True when no period of the window has a visible value because they are hidden.").Resolve(c => c.Source.Suppressed);
        Field<SuppressionReasonType>("suppressionReason").Description("Why the window's periods are hidden, when all are.").Resolve(c => c.Source.SuppressionReason);
    }
}

/// <summary>GraphQL shape of <see cref="Trajectory"/>.</summary>
public sealed class TrajectoryType : ObjectGraphType<Trajectory>
{
    public TrajectoryType()
    {
        Name = "Trajectory";
        Description = "The straight line from the baseline value (the day after the baseline) to the goal (the deadline), and where it says the unit should be now.";
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("The day after the baseline.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<FloatGraphType>>("fromValue").Description("The baseline value.").Resolve(c => c.Source.FromValue);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("The deadline.").Resolve(c => c.Source.To);
        Field<NonNullGraphType<FloatGraphType>>("toValue").Description("The goal value.").Resolve(c => c.Source.ToValue);
        Field<NonNullGraphType<DateOnlyGraphType>>("asOf").Description("The day progress is measured at: the day after the current window.").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<FloatGraphType>>("expectedValue").Description("The line's value at `asOf`: at or beyond it is on track.").Resolve(c => c.Source.ExpectedValue);
    }
}

/// <summary>GraphQL shape of <see cref="GuardrailProgress"/>.</summary>
public sealed class GuardrailProgressType : ObjectGraphType<GuardrailProgress>
{
    public GuardrailProgressType()
    {
        Name = "GuardrailProgress";
        Description = "One of the metric's guardrails over the same windows and group: the figure a leader sees is never the target alone.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The guardrail metric key.").Resolve(c => c.Source.Metric.MetricKey);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Its name.").Resolve(c => c.Source.Metric.Name);
        Field<NonNullGraphType<IntGraphType>>("version").Description("Its version read.").Resolve(c => c.Source.Metric.Number);
        Field<NonNullGraphType<ProgressWindowType>>("baseline").Description("Over the baseline periods.").Resolve(c => c.Source.Baseline);
        Field<NonNullGraphType<ProgressWindowType>>("current").Description("Over the current window's periods.").Resolve(c => c.Source.Current);
        Field<FloatGraphType>("change").Description("Relative change from baseline to current ((current − baseline) ÷ |baseline|); null when either is unknown or the baseline is 0.").Resolve(c => c.Source.Change);
        Field<NonNullGraphType<BooleanGraphType>>("lowerIsBetter").Description("Whether a rise is the worsening (change failure rate, lead time) rather than a fall (`Targets:LowerIsBetter`).").Resolve(c => c.Source.LowerIsBetter);
        Field<NonNullGraphType<FloatGraphType>>("margin").Description("How much it may worsen, relative to its baseline, before a Goodhart warning (0.2 = 20 %; from a baseline of 0, any worsening counts).").Resolve(c => c.Source.Margin);
        Field<BooleanGraphType>("worsened").Description("Whether it worsened beyond the margin; null when it cannot be told.").Resolve(c => c.Source.Worsened);
    }
}

/// <summary>GraphQL shape of <see cref="GoodhartWarning"/>.</summary>
public sealed class ProgressWarningType : ObjectGraphType<GoodhartWarning>
{
    public ProgressWarningType()
    {
        Name = "ProgressWarning";
        Description = "A warning that comes with a progress figure: a guardrail worsened while the target improved (Goodhart's law), or a guardrail could not be checked.";
        Field<NonNullGraphType<ProgressWarningKindType>>("kind").Description("What the warning is about.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("guardrail").Description("The guardrail metric key.").Resolve(c => c.Source.Guardrail);
        Field<NonNullGraphType<StringGraphType>>("message").Description("The warning in words.").Resolve(c => c.Source.Message);
    }
}

/// <summary>GraphQL shape of <see cref="PortfolioRollup"/>.</summary>
public sealed class PortfolioRollupType : ObjectGraphType<PortfolioRollup>
{
    public PortfolioRollupType()
    {
        Name = "PortfolioRollup";
        Description = "How many of the unit's teams meet the goal against their own baseline (e.g. the share of an org's teams at or above 3× their baseline). Counted from the team values the release shows, never listed or ranked, and suppressed (counts and shares null) when fewer than `minTeams` teams have visible values for both windows.";
        Field<NonNullGraphType<IntGraphType>>("teams").Description("Teams of the unit in your scope.").Resolve(c => c.Source.Teams);
        Field<NonNullGraphType<IntGraphType>>("teamsWithValues").Description("Teams with visible values for both the baseline and the current window: the ones counted.").Resolve(c => c.Source.TeamsWithValues);
        Field<NonNullGraphType<IntGraphType>>("minTeams").Description("The fewest teams a roll-up is shown for: the metric's minimum group size (k).").Resolve(c => c.Source.MinTeams);
        Field<NonNullGraphType<BooleanGraphType>>("suppressed").Description("True when fewer than `minTeams` teams are counted.").Resolve(c => c.Source.Suppressed);
        Field<SuppressionReasonType>("suppressionReason").Description("Why it is suppressed.").Resolve(c => c.Source.SuppressionReason);
        Field<IntGraphType>("teamsMeetingGoal").Description("Counted teams whose current value meets the goal applied to their own baseline.").Resolve(c => c.Source.TeamsMeetingGoal);
        Field<FloatGraphType>("shareMeetingGoal").Description("`teamsMeetingGoal` ÷ `teamsWithValues`.").Resolve(c => c.Source.Share(c.Source.TeamsMeetingGoal));
        Field<IntGraphType>("teamsOnTrack").Description("Counted teams on or beyond their own straight-line trajectory (those meeting the goal included).").Resolve(c => c.Source.TeamsOnTrack);
        Field<FloatGraphType>("shareOnTrack").Description("`teamsOnTrack` ÷ `teamsWithValues`.").Resolve(c => c.Source.Share(c.Source.TeamsOnTrack));
        Field<IntGraphType>("teamsMeetingGoalWithWarning").Description("Teams meeting the goal while one of their guardrails worsened beyond its margin: the Goodhart count.").Resolve(c => c.Source.TeamsMeetingGoalWithWarning);
        Field<FloatGraphType>("shareMeetingGoalWithWarning").Description("`teamsMeetingGoalWithWarning` ÷ `teamsWithValues`.").Resolve(c => c.Source.Share(c.Source.TeamsMeetingGoalWithWarning));
    }
}

/// <summary>GraphQL shape of <see cref="TargetProgress"/>.</summary>
public sealed class TargetProgressType : ObjectGraphType<TargetProgress>
{
    public TargetProgressType()
    {
        Name = "TargetProgress";
        Description = "A target's progress, read through the governed path (releases, purpose, scope, suppression, audit) and computed only from the values the releases show: baseline and current windows, the ratio to the baseline, the straight-line trajectory, the status, the metric's guardrails over the same windows with Goodhart warnings, and (OUTCOME targets of orgs) a suppressed-when-small portfolio roll-up of its teams.";
        Field<NonNullGraphType<TargetVersionType>>("target").Description("The version in force that progress is read against.").Resolve(c => c.Source.Target);
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.Metric.MetricKey);
        Field<NonNullGraphType<IntGraphType>>("metricVersion").Description("The metric version read (its current one).").Resolve(c => c.Source.Metric.Number);
        Field<NonNullGraphType<MetricKindType>>("kind").Description("The metric's kind.").Resolve(c => c.Source.Metric.Kind);
        Field<NonNullGraphType<PurposeType>>("purpose").Description("The purpose declared.").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The unit's id.").Resolve(c => c.Source.Group.ExternalId);
        Field<NonNullGraphType<StringGraphType>>("groupName").Description("The unit's name.").Resolve(c => c.Source.Group.Name);
        Field<NonNullGraphType<GroupLevelType>>("groupLevel").Description("The unit's level.").Resolve(c => c.Source.Group.Kind);
        Field<NonNullGraphType<GrainType>>("grain").Description("The grain of the windows (the baseline's).").Resolve(c => c.Source.Grain);
        Field<NonNullGraphType<ProgressDirectionType>>("direction").Description("Which way the target moves the metric.").Resolve(c => c.Source.Assessment.Direction);
        Field<NonNullGraphType<ProgressWindowType>>("baseline").Description("The baseline window.").Resolve(c => c.Source.Assessment.Baseline);
        Field<ProgressWindowType>("current").Description("The newest released periods after the baseline (as many as the baseline has, up to the deadline); null before the first one is released.").Resolve(c => c.Source.Assessment.Current);
        Field<FloatGraphType>("goalValue").Description("The goal as a value of the metric (a multiple applied to the baseline); null when the baseline is unknown.").Resolve(c => c.Source.Assessment.GoalValue);
        Field<FloatGraphType>("ratioToBaseline").Description("Current ÷ baseline (3 = tripled); null when either is unknown or the baseline is 0.").Resolve(c => c.Source.Assessment.Ratio);
        Field<TrajectoryType>("trajectory").Description("The straight line to the goal; null when the baseline or the goal is unknown.").Resolve(c => c.Source.Assessment.Trajectory);
        Field<NonNullGraphType<ProgressStatusType>>("status").Description("Where the unit stands.").Resolve(c => c.Source.Assessment.Status);
        Field<BooleanGraphType>("onTrack").Description("At or beyond the trajectory (or the goal); null when it cannot be told.").Resolve(c => c.Source.Assessment.OnTrack);
        Field<NonNullGraphType<BooleanGraphType>>("improving").Description("Whether the current window moved from the baseline towards the goal.").Resolve(c => c.Source.Assessment.Improving);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GuardrailProgressType>>>>("guardrails").Description("The metric's guardrails read at this grain, over the same windows and unit.").Resolve(c => c.Source.Assessment.Guardrails);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProgressWarningType>>>>("warnings").Description("Goodhart warnings (the target improves while a guardrail worsened beyond its margin) and guardrails that cannot be checked.").Resolve(c => c.Source.Assessment.Warnings);
        Field<PortfolioRollupType>("rollup").Description("For OUTCOME targets of an org or the company: how many of its teams meet the goal against their own baseline; null for team targets and ADOPTION targets (see `rollupNote`).").Resolve(c => c.Source.Rollup);
        Field<StringGraphType>("rollupNote").Description("Why there is no roll-up, or why it is suppressed.").Resolve(c => c.Source.RollupNote);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricPointType>>>>("points").Description("The unit's points of the metric from the baseline to the latest period, as `metricValues` serves them (for charts).").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<ProvenanceType>>("provenance").Description("Versions, releases and the k applied to the unit's values.").Resolve(c => c.Source.Provenance);
    }
}
