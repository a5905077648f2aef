namespace MetricsApi.Features.Org;

/// <summary>A person managing (or leading) an org unit for a period; scope for Managers and Leaders comes from here.</summary>
public sealed class UnitManager
{
    public long Id { get; set; }

    /// <summary>HMAC pseudonym of the manager.</summary>
    public required string PersonKey { get; set; }

    public int OrgUnitId { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>First day after the assignment; null while it lasts.</summary>
    public DateOnly? ValidTo { get; set; }

    public required string Source { get; set; }
}
