namespace MetricsApi.Targets.Define;

/// <summary>What a Leader or an Analyst writes when setting or revising a target.</summary>
public sealed record TargetInput
{
    public required string Key { get; init; }

    public required string Metric { get; init; }

    /// <summary>External id of the org unit (company, org or team).</summary>
    public required string Unit { get; init; }

    public required string BaselineGrain { get; init; }

    public DateOnly BaselineFrom { get; init; }

    public DateOnly BaselineTo { get; init; }

    /// <summary>The goal as an absolute value (exactly one of this and <see cref="GoalMultiple"/>).</summary>
    public double? GoalValue { get; init; }

    /// <summary>The goal as a multiple of the baseline, e.g. 3 for "triple".</summary>
    public double? GoalMultiple { get; init; }

    public DateOnly Deadline { get; init; }

    public required string Owner { get; init; }

    public required string Description { get; init; }

    /// <summary>Why this version is written (required for a revision).</summary>
    public string? Reason { get; init; }
}
