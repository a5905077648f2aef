namespace MetricsApi.Releases.Disclosure;

/// <summary>Why a point carries no value.</summary>
public static class SuppressionReasons
{
    /// <summary>Fewer than k people in the group (a fact its size bucket shows anyway).</summary>
    public const string BelowMinGroupSize = "BELOW_MIN_GROUP_SIZE";

    /// <summary>
    /// Hidden in a group of at least k people: by a primary rule (few contributors, dominance, a small tail) or
    /// as a cover for another hidden cell. One reason for all of them, because telling them apart would be a bound.
    /// </summary>
    public const string Complementary = "COMPLEMENTARY";

    /// <summary>
    /// The period has not ended. Its value still changes as events arrive, and two reads a day apart
    /// would isolate that day's activity of a few people (time-window slicing through the clock).
    /// </summary>
    public const string PeriodIncomplete = "PERIOD_INCOMPLETE";

    /// <summary>The period has ended but its release is not built yet (grace for late telemetry, or a build or backfill under way).</summary>
    public const string ReleasePending = "RELEASE_PENDING";

    /// <summary>The period lies before the retention window, or ended before the first event the service holds: no release is built for it.</summary>
    public const string OutsideRetention = "OUTSIDE_RETENTION";
}
