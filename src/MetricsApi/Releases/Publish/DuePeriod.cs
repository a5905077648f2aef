namespace MetricsApi.Releases.Publish;

/// <summary>A released-able period with the current metric versions that still lack a release of it under the current policy.</summary>
public sealed record DuePeriod(string Grain, DateOnly Start, IReadOnlyList<long> MissingVersionIds);
