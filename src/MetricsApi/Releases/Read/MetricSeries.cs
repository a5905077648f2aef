using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Read;

/// <summary>One served point of a group's series.</summary>
public sealed record MetricPoint(OrgNode Group, string? DimensionValue, Period Period, bool Complete, double? Value, bool Suppressed, string? SuppressionReason, int? People, ReleaseInfo? Release);

/// <summary>Where values came from and how to read their sums.</summary>
public sealed record Provenance(int MetricVersion, int PolicyVersion, int MinGroupSize, DateTime ComputedAt, int PointsSuppressed, string? Reconciliation, IReadOnlyList<ReleaseInfo> Releases);

/// <summary>A metric's values for groups and periods, with its guardrails and provenance.</summary>
public sealed record MetricSeries(
    MetricVersion Version,
    string Purpose,
    string Grain,
    string GroupBy,
    string? Dimension,
    IReadOnlyList<MetricPoint> Points,
    IReadOnlyList<MetricSeries> Guardrails,
    Provenance Provenance);

/// <summary>One period of the caller's own values.</summary>
public sealed record UsagePoint(Period Period, bool Complete, string? DimensionValue, double? Value);

/// <summary>The caller's own values of a metric (self-reflection).</summary>
public sealed record UsageSeries(MetricVersion Version, string Grain, string? Dimension, IReadOnlyList<UsagePoint> Points, Provenance Provenance);

/// <summary>Headcount buckets served next to exact counts, for dashboards that show sizes coarsely.</summary>
public static class PeopleBuckets
{
    private static readonly (int Below, string Label)[] Buckets =
        [(10, "5-9"), (20, "10-19"), (50, "20-49"), (100, "50-99"), (250, "100-249"), (1000, "250-999")];

    public static string For(int people) => Buckets.FirstOrDefault(b => people < b.Below).Label ?? "1000+";
}
