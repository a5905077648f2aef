namespace MetricsApi.Releases.Disclosure;

/// <summary>What disclosure control works with besides k: the policy's dominance and protection parameters (both raise only).</summary>
/// <param name="DominancePercent">The p of the p % dominance rule.</param>
/// <param name="ProtectionPercent">The protection interval of a hidden value, in percent of it (at least one unit).</param>
public sealed record DisclosureRules(int DominancePercent, int ProtectionPercent)
{
    public static DisclosureRules Default { get; } = new(Access.Policy.PolicyRules.DefaultDominancePercent, Access.Policy.PolicyRules.DefaultProtectionPercent);
}
