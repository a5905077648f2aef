namespace MetricsApi.Releases.Publish;

/// <summary>
/// A person whose late records a revision could not admit: in the vintage, their records count only as
/// received up to <see cref="Since"/> (their memberships too), because the cells their late records would
/// change had fewer than k people behind the change. Never updated or deleted.
/// </summary>
public sealed class VintageHold
{
    public long VintageId { get; set; }

    public required string PersonKey { get; set; }

    public DateTime Since { get; set; }
}
