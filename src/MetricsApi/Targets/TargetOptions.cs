namespace MetricsApi.Targets;

/// <summary>Target settings (configuration section <c>Targets</c>); docs/targets.md explains each.</summary>
public sealed class TargetOptions
{
    public const string Section = "Targets";

    /// <summary>The metrics for which a lower value is better, unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultLowerIsBetter =
        ["change_failure_rate", "median_lead_time", "median_time_to_restore", "incident_causing_deployments"];

    /// <summary>
    /// The smallest unit, in teams (today's tree), an ADOPTION target may be set for: no usage target
    /// presses on a handful of people. Never below 2; a single team never gets one whatever this says.
    /// </summary>
    public int MinTeamsForAdoptionTargets { get; set; } = 5;

    /// <summary>
    /// How much a guardrail may worsen, relative to its baseline (0.2 = 20 %), before a target that
    /// improves is flagged with a Goodhart warning.
    /// </summary>
    public double GuardrailMargin { get; set; } = 0.2;

    /// <summary>Per-metric margins that replace <see cref="GuardrailMargin"/> for that guardrail.</summary>
    public Dictionary<string, double> GuardrailMargins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Metric keys for which lower is better (replaces <see cref="DefaultLowerIsBetter"/> when set).</summary>
    public string[]? LowerIsBetter { get; set; }

    /// <summary>Most periods a baseline may span.</summary>
    public int MaxBaselinePeriods { get; set; } = 52;

    public bool IsLowerBetter(string metricKey) => (LowerIsBetter ?? DefaultLowerIsBetter).Contains(metricKey, StringComparer.Ordinal);

    public double MarginFor(string metricKey) => GuardrailMargins.TryGetValue(metricKey, out var margin) ? margin : GuardrailMargin;
}
