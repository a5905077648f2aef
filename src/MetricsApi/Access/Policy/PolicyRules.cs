
namespace MetricsApi.Access.Policy;

/// <summary>
/// One version of the access policy, as data: the global minimum group size (never below 5, only
/// ever raised), which purposes each role may declare, and per-metric minimum group sizes (raise only).
/// The invariants of PRODUCT.md §5 are not here: they are code, and no policy can switch them off.
/// </summary>
public sealed record PolicyRules(
    int Version,
    int MinGroupSize,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RolePurposes,
    IReadOnlyDictionary<string, int> MetricMinGroupSizes)
{
    public const int Floor = 5;

    /// <summary>Version 1, created by the first migration's start-up: who may read for which purpose.</summary>
    public static PolicyRules Default { get; } = new(1, Floor, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Roles.Engineer] = [Purposes.TeamImprovement, Purposes.ToolEvaluation, Purposes.SelfReflection],
        [Roles.Manager] = [Purposes.TeamImprovement, Purposes.ToolEvaluation, Purposes.PortfolioReporting, Purposes.PerformanceReview],
        [Roles.Leader] = [Purposes.TeamImprovement, Purposes.ToolEvaluation, Purposes.PortfolioReporting, Purposes.PerformanceReview],
        [Roles.Analyst] = [Purposes.ToolEvaluation, Purposes.PortfolioReporting],
        [Roles.Auditor] = [],
        [Roles.MetricSteward] = [],
        [Roles.PrivacyOfficer] = [],
        [Roles.Ingestor] = [],
    }, new Dictionary<string, int>(StringComparer.Ordinal));

    /// <summary>The group size a metric's values need: the largest of the floor, the policy, the metric and its override.</summary>
    public int EffectiveMinGroupSize(string metricKey, int metricMinGroupSize) =>
        new[] { Floor, MinGroupSize, metricMinGroupSize, MetricMinGroupSizes.GetValueOrDefault(metricKey) }.Max();

    /// <summary>
    /// The parameters disclosure control depends on. Releases built under any policy version with the same
    /// key are the releases of the current policy: a change of who may declare which purpose rebuilds nothing.
    /// </summary>
    public string DisclosureKey =>
        string.Join(';', [MinGroupSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. MetricMinGroupSizes.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]);
}
