namespace MetricsApi.Features.Org;

/// <summary>
/// What a unit was (name, kind, parent) from <see cref="ValidFrom"/> until <see cref="ValidTo"/>, as
/// recorded from <see cref="RecordedAt"/> until <see cref="SupersededAt"/>. Moves, renames and
/// reclassifications take effect from a date; a release uses the tree in force during its period as
/// recorded when the period was first released, so a later reorganisation never rewrites a released
/// period. Rows are never changed except to record that they were superseded.
/// </summary>
public sealed class OrgUnitVersion
{
    /// <summary>Valid since always: the first version of a unit the feed named without a date.</summary>
    public static readonly DateOnly Always = DateOnly.MinValue;

    public long Id { get; set; }

    public int UnitId { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>First day of the next version; null while it lasts.</summary>
    public DateOnly? ValidTo { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public int? ParentId { get; set; }

    public DateTime RecordedAt { get; set; }

    /// <summary>When a later feed event replaced this row; null while it is the record.</summary>
    public DateTime? SupersededAt { get; set; }

    public required string Source { get; set; }
}
