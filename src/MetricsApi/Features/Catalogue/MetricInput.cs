namespace MetricsApi.Features.Catalogue;

/// <summary>Everything a steward writes when proposing or revising a metric.</summary>
public sealed record MetricInput
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Kind { get; init; }

    public required string Unit { get; init; }

    public required string Owner { get; init; }

    public required string Steward { get; init; }

    public IReadOnlyList<string> AllowedPurposes { get; init; } = [];

    public int MinGroupSize { get; init; } = MetricValidator.PolicyFloor;

    public IReadOnlyList<string> Guardrails { get; init; } = [];

    public IReadOnlyList<string> Grains { get; init; } = [Catalogue.Grains.Week];

    public IReadOnlyList<string> Dimensions { get; init; } = [];

    public required MetricDefinition Definition { get; init; }

    /// <summary>Why this version exists (recorded with the version and in the audit log).</summary>
    public string? Reason { get; init; }
}

/// <summary>A field-level validation problem.</summary>
public sealed record FieldProblem(string Field, string Message);
