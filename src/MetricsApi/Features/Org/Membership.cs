namespace MetricsApi.Features.Org;

/// <summary>
/// A person's membership of a team for a period. People move: historic periods attribute a person to
/// the team they were in then. The person is only ever stored as a pseudonym. A change (a leave recorded
/// as validTo) does not overwrite the row: it supersedes it with a new one, so a release can use the
/// memberships as recorded at its data cut-off and a late HR record never rewrites a released period.
/// </summary>
public sealed class Membership
{
    public long Id { get; set; }

    /// <summary>HMAC pseudonym of the person (never the raw identifier).</summary>
    public required string PersonKey { get; set; }

    public int TeamId { get; set; }

    /// <summary>First day of the membership.</summary>
    public DateOnly ValidFrom { get; set; }

    /// <summary>First day after the membership; null while it lasts.</summary>
    public DateOnly? ValidTo { get; set; }

    public required string Source { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>When a later feed event replaced this row; null while it is the record.</summary>
    public DateTime? SupersededAt { get; set; }
}
