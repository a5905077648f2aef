using GraphQL.Types;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Targets.Define;

/// <summary>GraphQL enum of <see cref="TargetStatuses"/>.</summary>
public sealed class TargetStatusType() : DescribedEnumType("TargetStatus", "Lifecycle state of a target version.",
    (TargetStatuses.PendingApproval, "An ADOPTION target (or its revision) waiting for a PrivacyOfficer's approval: not in force, no progress is read against it."),
    (TargetStatuses.Active, "In force: progress is read against it. OUTCOME targets are active as soon as they are set, ADOPTION targets once approved."),
    (TargetStatuses.Rejected, "A PrivacyOfficer refused this version (see `rejectionReason`); the version in force before it, if any, stays."),
    (TargetStatuses.Retired, "Withdrawn by a Leader or an Analyst; final."));

/// <summary>GraphQL enum of <see cref="TargetGoalKinds"/>.</summary>
public sealed class TargetGoalKindType() : DescribedEnumType("TargetGoalKind", "How a goal is expressed.",
    (TargetGoalKinds.Value, "An absolute value of the metric, e.g. 0.8 for \"80 % of developers use AI weekly\"."),
    (TargetGoalKinds.MultipleOfBaseline, "A multiple of the unit's baseline value, e.g. 3 for \"triple release velocity\" or 0.5 for \"halve lead time\"."));

/// <summary>The goal of a target version.</summary>
public sealed class TargetGoalType : ObjectGraphType<TargetVersion>
{
    public TargetGoalType()
    {
        Name = "TargetGoal";
        Description = "What the unit should reach by the deadline.";
        Field<NonNullGraphType<TargetGoalKindType>>("kind").Description("An absolute value or a multiple of the baseline.").Resolve(c => c.Source.GoalKind);
        Field<NonNullGraphType<FloatGraphType>>("value").Description("The absolute value, or the multiple (3 = three times the baseline).").Resolve(c => c.Source.GoalValue);
    }
}

/// <summary>The baseline periods of a target version.</summary>
public sealed class TargetBaselineType : ObjectGraphType<TargetVersion>
{
    public TargetBaselineType()
    {
        Name = "TargetBaseline";
        Description = "The whole periods the baseline is measured over (their released values' mean), at the grain progress is read at.";
        Field<NonNullGraphType<GrainType>>("grain").Description("WEEK or MONTH: the baseline's grain and the grain progress is read at.").Resolve(c => c.Source.BaselineGrain);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("First day of the first period.").Resolve(c => c.Source.BaselineStart);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("Last day of the last period (inclusive).").Resolve(c => c.Source.BaselineEnd.AddDays(-1));
        Field<NonNullGraphType<IntGraphType>>("periods").Description("How many periods it spans.").Resolve(c => Count(c.Source));
    }

    private static int Count(TargetVersion target)
    {
        var count = 0;
        for (var start = target.BaselineStart; start < target.BaselineEnd; start = PeriodRange.Next(target.BaselineGrain, start))
        {
            count++;
        }

        return count;
    }
}

/// <summary>GraphQL shape of a <see cref="TargetVersionView"/>.</summary>
public sealed class TargetVersionType : ObjectGraphType<TargetVersionView>
{
    public TargetVersionType()
    {
        Name = "TargetVersion";
        Description = "One version of a target: what a unit is asked to reach on a metric, by when, and why. A version never changes except for its approval or rejection.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("The target's stable key.").Resolve(c => c.Source.Row.TargetKey);
        Field<NonNullGraphType<IntGraphType>>("version").Description("Version number, 1, 2, ...").Resolve(c => c.Source.Row.Number);
        Field<NonNullGraphType<TargetStatusType>>("status").Description("Lifecycle state of this version.").Resolve(c => c.Source.Row.Status);
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key (an OUTCOME or ADOPTION metric; ACTIVITY metrics never carry targets).").Resolve(c => c.Source.Row.MetricKey);
        Field<NonNullGraphType<IntGraphType>>("metricVersion").Description("The metric's current version when this target version was written; progress reads the metric's current version and names it.").Resolve(c => c.Source.Row.MetricVersion);
        Field<NonNullGraphType<MetricKindType>>("metricKind").Description("The metric's kind when written.").Resolve(c => c.Source.Row.MetricKind);
        Field<NonNullGraphType<OrgUnitType>>("unit").Description("The company, org or team the target is for.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<TargetBaselineType>>("baseline").Description("The periods the baseline is measured over.").Resolve(c => c.Source.Row);
        Field<NonNullGraphType<TargetGoalType>>("goal").Description("What the unit should reach.").Resolve(c => c.Source.Row);
        Field<NonNullGraphType<DateOnlyGraphType>>("deadline").Description("The day by which the goal should be reached.").Resolve(c => c.Source.Row.Deadline);
        Field<NonNullGraphType<StringGraphType>>("owner").Description("Who answers for the target, as written.").Resolve(c => c.Source.Row.Owner);
        Field<NonNullGraphType<StringGraphType>>("description").Description("Why the target exists.").Resolve(c => c.Source.Row.Description);
        Field<NonNullGraphType<IdGraphType>>("authorId").Description("Object id of who wrote this version.").Resolve(c => c.Source.Row.AuthorId);
        Field<NonNullGraphType<StringGraphType>>("authorName").Description("Display name of who wrote this version.").Resolve(c => c.Source.Row.AuthorName);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When this version was written (UTC).").Resolve(c => c.Source.Row.CreatedAt);
        Field<StringGraphType>("changeReason").Description("Why this version was written.").Resolve(c => c.Source.Row.ChangeReason);
        Field<IdGraphType>("approverId").Description("Object id of the PrivacyOfficer who approved or rejected it (ADOPTION targets).").Resolve(c => c.Source.Row.ApproverId);
        Field<StringGraphType>("approverName").Description("Display name of the PrivacyOfficer who approved or rejected it.").Resolve(c => c.Source.Row.ApproverName);
        Field<DateTimeGraphType>("approvedAt").Description("When it was approved (UTC).").Resolve(c => c.Source.Row.ApprovedAt);
        Field<StringGraphType>("approvalComment").Description("What the approver said.").Resolve(c => c.Source.Row.ApprovalComment);
        Field<StringGraphType>("rejectionReason").Description("Why a PrivacyOfficer rejected it.").Resolve(c => c.Source.Row.RejectionReason);
    }
}

/// <summary>GraphQL shape of a <see cref="TargetHistory"/>.</summary>
public sealed class TargetType : ObjectGraphType<TargetHistory>
{
    public TargetType()
    {
        Name = "Target";
        Description = "A target with its versions. Read its progress with `targetProgress(target, purpose)`; targets are never ranked against each other.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("The target's stable key.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<TargetStatusType>>("status").Description("Where the target stands: the status of the version in force, or of the newest version when none is in force yet.").Resolve(c => c.Source.Status);
        Field<TargetVersionType>("current").Description("The version in force (the newest ACTIVE or RETIRED one); null while the first version awaits approval or was rejected.").Resolve(c => c.Source.InForce);
        Field<NonNullGraphType<TargetVersionType>>("latest").Description("The newest version, whatever its state (e.g. a revision awaiting approval).").Resolve(c => c.Source.Latest);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetVersionType>>>>("versions").Description("Every version, oldest first.").Resolve(c => c.Source.Versions);
    }
}

/// <summary>Relay edge of <see cref="TargetType"/>.</summary>
public sealed class TargetEdgeType() : RelayEdgeType<TargetHistory, TargetType>(
    "TargetEdge", "A target and its cursor.", "Pass as `after` to continue after this target.", "The target.");

/// <summary>Relay connection of <see cref="TargetType"/>.</summary>
public sealed class TargetConnectionType() : RelayConnectionType<TargetHistory, TargetType, TargetEdgeType>(
    "TargetConnection", "A page of targets, ordered by key (never by progress).", "The targets of this page with cursors.", "The targets of this page.", "Number of targets you may see that match the filter.");

/// <summary>Input of a goal.</summary>
public sealed class TargetGoalInputType : InputObjectGraphType
{
    public TargetGoalInputType()
    {
        Name = "TargetGoalInput";
        Description = "The goal: exactly one of `value` and `multipleOfBaseline`.";
        Field<FloatGraphType>("value").Description("An absolute value of the metric (e.g. 0.8 for 80 %).");
        Field<FloatGraphType>("multipleOfBaseline").Description("A multiple of the unit's baseline (3 triples it, 10 is tenfold, 0.5 halves it); above 0.");
    }
}

/// <summary>Input of <c>createTarget</c> and <c>reviseTarget</c>.</summary>
public sealed class TargetInputType : InputObjectGraphType<TargetInput>
{
    public TargetInputType()
    {
        Name = "TargetInput";
        Description = "A target, in full. Only OUTCOME and ADOPTION metrics carry targets (never ACTIVITY, invariant 5; not SENTIMENT); ADOPTION targets only for units of at least `Targets:MinTeamsForAdoptionTargets` teams (never one team) and only once a PrivacyOfficer approves them.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Stable key you choose: 3 to 80 lowercase letters, digits, '-' and '_' (e.g. `acme-release-velocity-3x`). Revisions name the same key.");
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.");
        Field<NonNullGraphType<IdGraphType>>("unit").Description("The org unit (company, org or team external id). Leaders may set targets within the units they lead, Analysts anywhere.");
        Field<NonNullGraphType<Releases.Read.PeriodInputType>>("baseline").Description("The whole periods (that have ended) the baseline is measured over; their grain is the grain progress is read at.");
        Field<NonNullGraphType<TargetGoalInputType>>("goal").Description("What the unit should reach.");
        Field<NonNullGraphType<DateOnlyGraphType>>("deadline").Description("The day by which the goal should be reached; after the baseline.");
        Field<NonNullGraphType<StringGraphType>>("owner").Description("Who answers for the target (a role, a person or a group).");
        Field<NonNullGraphType<StringGraphType>>("description").Description("Why the target exists: what the teams are asked for and what it is meant to improve.");
        Field<StringGraphType>("reason").Description("Why this version is written; required when revising. Recorded with the version and in the audit log.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var baseline = (IDictionary<string, object?>)value["baseline"]!;
        var goal = (IDictionary<string, object?>)value["goal"]!;
        return new TargetInput
        {
            Key = (string)value["key"]!,
            Metric = (string)value["metric"]!,
            Unit = (string)value["unit"]!,
            BaselineGrain = (string)baseline["grain"]!,
            BaselineFrom = (DateOnly)baseline["from"]!,
            BaselineTo = (DateOnly)baseline["to"]!,
            GoalValue = goal.TryGetValue("value", out var v) && v is not null ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null,
            GoalMultiple = goal.TryGetValue("multipleOfBaseline", out var m) && m is not null ? Convert.ToDouble(m, System.Globalization.CultureInfo.InvariantCulture) : null,
            Deadline = (DateOnly)value["deadline"]!,
            Owner = (string)value["owner"]!,
            Description = (string)value["description"]!,
            Reason = value.TryGetValue("reason", out var r) ? r as string : null,
        };
    }
}

/// <summary>Filter of <c>targets</c>.</summary>
public sealed class TargetFilterInputType : InputObjectGraphType<TargetFilter>
{
    public TargetFilterInputType()
    {
        Name = "TargetFilter";
        Description = "Conditions on targets; all given ones must hold.";
        Field<StringGraphType>("metric").Description("Only targets on this metric key.");
        Field<IdGraphType>("unit").Description("Only targets for this org unit (external id).");
        Field<TargetStatusType>("status").Description("Only targets in this state (see `Target.status`).");
    }
}
