using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The first stage of disclosure control: cells that would single people out on their own.
/// <list type="bullet">
/// <item>A group with nobody in it is a <b>known zero</b>: nobody can have contributed, so it is shown,
/// and it is never a cover for another cell.</item>
/// <item>A group under k people is hidden whatever it holds (<c>BELOW_MIN_GROUP_SIZE</c>: a fact of the
/// group, which its size bucket shows anyway).</item>
/// <item>From people's events, a value is hidden when 1 to k − 1 people contributed (a token total of two
/// people is nearly each one's own); a people count when 1 to k − 1 people of the group are <i>not</i> in
/// it (the tail: "everyone but two"; 0 % and 100 % single nobody out and stay shown); a sum when one
/// person dominates it (the p % rule: what the others add beyond the two largest contributors is under
/// p % of the largest, so the second largest could estimate the largest within p %).</item>
/// </list>
/// Hidden for any of these last reasons, a cell says <c>COMPLEMENTARY</c>, like a cover: a reason that
/// told "1 to k − 1 contributors" apart from "0 or at least k" would itself be a bound an attacker uses.
/// Derived values (ratios, per-engineer values) inherit their inputs' hiding, so a hidden count is never
/// recovered as ratio × denominator.
/// </summary>
public static class PrimarySuppression
{
    /// <summary>Why a cell of a quantity is hidden on its own, or null.</summary>
    public static string? Reason(QuantityFamily family, bool personBased, int people, RawAggregate? aggregate, int k, DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (people == 0)
        {
            return null;
        }

        if (people < k)
        {
            return SuppressionReasons.BelowMinGroupSize;
        }

        if (!personBased || aggregate is null)
        {
            return null;
        }

        if (aggregate.Contributors is > 0 && aggregate.Contributors < k)
        {
            return SuppressionReasons.Complementary;
        }

        if (family == QuantityFamily.People && aggregate.A is { } count && count >= 1 && people - count is >= 1 && people - count < k)
        {
            return SuppressionReasons.Complementary;
        }

        return family == QuantityFamily.Magnitude && IsDominated(aggregate, rules.DominancePercent) ? SuppressionReasons.Complementary : null;
    }

    /// <summary>The p % rule: the rest after the two largest contributions is below p % of the largest.</summary>
    public static bool IsDominated(RawAggregate aggregate, int percent)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return aggregate is { A: { } total, Top1: { } largest } && largest > 0
            && total - largest - (aggregate.Top2 ?? 0) < percent / 100.0 * largest;
    }

    /// <summary>
    /// The reason a derived cell is hidden, or null: below the group size when its group or an input is,
    /// complementary when an input is hidden for any other reason; a group with nobody in it is shown.
    /// </summary>
    public static string? Inherited(int people, int k, params Cell[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (people == 0)
        {
            return null;
        }

        if (people < k || inputs.Any(i => i.Reason == SuppressionReasons.BelowMinGroupSize))
        {
            return SuppressionReasons.BelowMinGroupSize;
        }

        return inputs.Any(i => i.Suppressed) ? SuppressionReasons.Complementary : null;
    }
}
