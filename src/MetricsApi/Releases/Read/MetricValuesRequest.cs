namespace MetricsApi.Releases.Read;

/// <summary>A <c>metricValues</c> request as the client sent it.</summary>
public sealed record MetricValuesRequest(string Metric, string Purpose, string Grain, DateOnly From, DateOnly To, string? Scope, string GroupBy, string? Dimension);
