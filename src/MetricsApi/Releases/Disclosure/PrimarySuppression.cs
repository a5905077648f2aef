using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The first stage of disclosure control: cells that would single people out on their own. A group
/// under k people is hidden whatever it holds; a value computed from people's events is hidden when
/// between 1 and k − 1 people contributed (a token total of two people is nearly each one's own, and
/// "one licence holder in the team" next to "no user of the tool" says what that one person did).
/// Derived values (ratios, per-engineer values) inherit their inputs' hiding, so a hidden count is
/// never recovered as ratio × denominator.
/// </summary>
public static class PrimarySuppression
{
    /// <summary>Whether a cell of a quantity is sensitive on its own.</summary>
    public static bool IsSensitive(int people, RawAggregate? aggregate, int k, bool personBased) =>
        people < k || (personBased && aggregate is { Contributors: > 0 } && aggregate.Contributors < k);

    /// <summary>
    /// The reason a derived cell is hidden, or null: below the group size when its group or an input is,
    /// complementary when an input is hidden for any other reason.
    /// </summary>
    public static string? Inherited(int people, int k, params Cell[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (people < k || inputs.Any(i => i.Reason == SuppressionReasons.BelowMinGroupSize))
        {
            return SuppressionReasons.BelowMinGroupSize;
        }

        return inputs.Any(i => i.Suppressed) ? SuppressionReasons.Complementary : null;
    }
}
