namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// Which data an evaluation sees. A release sees the org tree of its period and what had arrived by
/// its data cut-off; <c>viewer { usage }</c> sees one person's events, all of them, grouped as nothing.
/// </summary>
/// <param name="Structure">The org tree events are grouped by; null for a person's own values.</param>
/// <param name="Cutoff">Events received after this instant are left out (UTC); null for everything.</param>
/// <param name="Person">The pseudonym of the one person whose events count; null for groups.</param>
public sealed record DataView(OrgStructure? Structure, DateTime? Cutoff, string? Person)
{
    public static DataView Release(OrgStructure structure, DateTime cutoff) => new(structure, cutoff, null);

    public static DataView OwnValues(string person) => new(null, null, person);
}
