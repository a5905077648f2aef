using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricsApi.Features.Catalogue;

/// <summary>A filter on a known field of the source event type.</summary>
public sealed record MetricFilter(string Field, string Op, IReadOnlyList<string> Values);

/// <summary>
/// The declarative definition of a metric: what it aggregates, from which events, with which
/// filters, or which metrics it combines. Never SQL; evaluation and lineage are derived from it.
/// </summary>
public sealed record MetricDefinition
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Source event type (base aggregations).</summary>
    public string? Source { get; init; }

    /// <summary>One of <see cref="Aggregations"/>.</summary>
    public required string Aggregation { get; init; }

    /// <summary>The aggregated field (SUM, MEDIAN, P90, NPS).</summary>
    public string? Field { get; init; }

    public IReadOnlyList<MetricFilter> Filters { get; init; } = [];

    /// <summary>Divide by the group's headcount in the period.</summary>
    public bool PerEngineer { get; init; }

    /// <summary>RATIO: numerator metric key.</summary>
    public string? Numerator { get; init; }

    /// <summary>RATIO: denominator metric key.</summary>
    public string? Denominator { get; init; }

    /// <summary>SHARE_OF_TEAMS: the team-level metric compared with the threshold.</summary>
    public string? Metric { get; init; }

    /// <summary>SHARE_OF_TEAMS: the threshold a team's value must meet.</summary>
    public double? Threshold { get; init; }

    /// <summary>SHARE_OF_TEAMS: how a team's value is compared with the threshold (GTE, GT, LTE, LT).</summary>
    public string? Comparison { get; init; }

    /// <summary>Metric keys this definition is computed from.</summary>
    [JsonIgnore]
    public IEnumerable<string> References => new[] { Numerator, Denominator, Metric }.OfType<string>();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MetricDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<MetricDefinition>(json, Json) ?? throw new InvalidOperationException("Empty metric definition.");
}
