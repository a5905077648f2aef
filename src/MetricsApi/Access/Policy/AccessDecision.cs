namespace MetricsApi.Access.Policy;

/// <summary>What a read of metric values asks for.</summary>
/// <param name="Roles">The caller's known roles.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="MetricKey">The metric.</param>
/// <param name="MetricKind">Its kind (of the current published version).</param>
/// <param name="MetricPurposes">Purposes the metric allows.</param>
/// <param name="MetricMinGroupSize">The metric's own minimum group size.</param>
/// <param name="Published">Whether the metric has a published (or deprecated) version.</param>
/// <param name="ScopeInReach">Whether the requested scope (or, with none, the caller's default scope) is within the caller's scope.</param>
/// <param name="GroupsPeople">Whether the answer would be per group (true for every metricValues read).</param>
public sealed record AccessRequest(
    IReadOnlyList<string> Roles,
    string Purpose,
    string MetricKey,
    string MetricKind,
    IReadOnlyList<string> MetricPurposes,
    int MetricMinGroupSize,
    bool Published,
    bool ScopeInReach,
    bool GroupsPeople = true);

/// <summary>A decision with the rules that made it and a sentence a person understands.</summary>
public sealed record AccessDecision(bool Allowed, string? ErrorCode, IReadOnlyList<string> RuleCodes, string Explanation, int MinGroupSize, int PolicyVersion);
