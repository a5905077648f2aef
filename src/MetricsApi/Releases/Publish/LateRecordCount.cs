namespace MetricsApi.Releases.Publish;

/// <summary>How many records of a period arrived after its current vintage's cut-off (counted, not applied).</summary>
public sealed class LateRecordCount
{
    public long VintageId { get; set; }

    public int Records { get; set; }

    /// <summary>Records received up to this instant are counted.</summary>
    public DateTime CountedUpTo { get; set; }
}
