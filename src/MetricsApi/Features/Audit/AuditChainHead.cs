namespace MetricsApi.Features.Audit;

/// <summary>
/// The single row that serialises appends (every append locks it first) and remembers the newest
/// sequence and hash, so verification also notices entries cut off the end of the log.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long Sequence { get; set; }

    public required string Hash { get; set; }
}
