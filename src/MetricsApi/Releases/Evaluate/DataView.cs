namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// Which data an evaluation sees. A release sees the org tree of its period and what had arrived by
/// its data cut-off; <c>viewer { usage }</c> sees one person's events, all of them, grouped as nothing.
/// </summary>
/// <param name="Structure">The org tree events are grouped by; null for a person's own values.</param>
/// <param name="Cutoff">Events received after this instant are left out (UTC); null for everything.</param>
/// <param name="Person">The pseudonym of the one person whose events count; null for groups.</param>
/// <param name="HoldsOf">The vintage whose held people count only up to their own earlier cut-off (a revision's); null when none are held.</param>
public sealed record DataView(OrgStructure? Structure, DateTime? Cutoff, string? Person, long? HoldsOf = null)
{
    public static DataView Release(OrgStructure structure, DateTime cutoff, long? holdsOf) => new(structure, cutoff, null, holdsOf);

    public static DataView OwnValues(string person) => new(null, null, person);
}
