namespace MetricsApi.Targets.Define;

/// <summary>
/// One version of a target: what a Leader or an Analyst asked a unit to reach on a metric, by when and
/// why. A version never changes once written except for its approval or rejection (see
/// <c>MetricsDbContext</c>); a revision is the next version. The version in force is the newest ACTIVE
/// (or RETIRED) one: a revision awaiting approval does not replace it.
/// </summary>
public sealed class TargetVersion
{
    public long Id { get; set; }

    /// <summary>The target's stable key, chosen by its author (e.g. <c>acme-release-velocity-3x</c>).</summary>
    public required string TargetKey { get; set; }

    public int Number { get; set; }

    /// <summary>One of <see cref="TargetStatuses"/>.</summary>
    public required string Status { get; set; }

    public required string MetricKey { get; set; }

    /// <summary>The metric's current version when this target version was written (progress reads the current one).</summary>
    public int MetricVersion { get; set; }

    /// <summary>The metric's kind when written (decides the approval this version needs).</summary>
    public required string MetricKind { get; set; }

    /// <summary>The org unit the target is for (org_units.id).</summary>
    public int UnitId { get; set; }

    /// <summary><c>WEEK</c> or <c>MONTH</c>: the baseline's grain, and the grain progress is read at.</summary>
    public required string BaselineGrain { get; set; }

    /// <summary>First day of the baseline's first period.</summary>
    public DateOnly BaselineStart { get; set; }

    /// <summary>First day after the baseline's last period.</summary>
    public DateOnly BaselineEnd { get; set; }

    /// <summary>One of <see cref="TargetGoalKinds"/>.</summary>
    public required string GoalKind { get; set; }

    /// <summary>The goal: an absolute value, or the multiple of the baseline.</summary>
    public double GoalValue { get; set; }

    /// <summary>The day by which the goal should be reached (inclusive).</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>Who answers for the target (a role, a person or a group, as written).</summary>
    public required string Owner { get; set; }

    /// <summary>Why the target exists.</summary>
    public required string Description { get; set; }

    public required string AuthorId { get; set; }

    public required string AuthorName { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Why this version was written (a revision's reason).</summary>
    public string? ChangeReason { get; set; }

    public string? ApproverId { get; set; }

    public string? ApproverName { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public string? ApprovalComment { get; set; }

    public string? RejectionReason { get; set; }
}

/// <summary>Lifecycle states of a target version.</summary>
public static class TargetStatuses
{
    /// <summary>An ADOPTION target waiting for a PrivacyOfficer; not in force, no progress.</summary>
    public const string PendingApproval = "PENDING_APPROVAL";

    /// <summary>In force: progress is read against it.</summary>
    public const string Active = "ACTIVE";

    /// <summary>A PrivacyOfficer refused it; the version in force (if any) stays.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>Withdrawn by its owner; final.</summary>
    public const string Retired = "RETIRED";

    public static IReadOnlyList<string> All { get; } = [PendingApproval, Active, Rejected, Retired];
}

/// <summary>How a goal is expressed.</summary>
public static class TargetGoalKinds
{
    public const string Value = "VALUE";
    public const string MultipleOfBaseline = "MULTIPLE_OF_BASELINE";
}
