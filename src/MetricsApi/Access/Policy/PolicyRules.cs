
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

    /// <summary>
    /// The p of the p % dominance rule (default 10, raise only): a sum of people's events is hidden when
    /// the others' share after the two largest contributors is below p % of the largest, since the
    /// second largest could then estimate the largest within p %.
    /// </summary>
    public int DominancePercent { get; init; } = DefaultDominancePercent;

    /// <summary>
    /// The protection interval of a hidden value (default 10 %, raise only, as τ-ARGUS's manual protection
    /// level MAN(10)): whatever an attacker combines, the interval they can derive for it must reach at least
    /// this share of the value (and at least one unit) below and above it.
    /// </summary>
    public int ProtectionPercent { get; init; } = DefaultProtectionPercent;

    public const int DefaultDominancePercent = 10;

    public const int DefaultProtectionPercent = 10;

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
            "p=" + DominancePercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "protection=" + ProtectionPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. MetricMinGroupSizes.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]);
}
