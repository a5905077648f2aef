namespace MetricsApi.Features.Ingestion;

/// <summary>Why one event was rejected. <see cref="Position"/> is the NDJSON line (1-based) or the GraphQL index (0-based).</summary>
public sealed record IngestError(int Position, string? EventId, string? Field, string Code, string Message);

/// <summary>What an ingestion request did: counts over all chunks, and the first rejections.</summary>
public sealed class IngestResult
{
    public const int MaxListedErrors = 1_000;

    private readonly List<IngestError> _errors = [];

    public int Accepted { get; private set; }

    public int Duplicates { get; private set; }

    public int Rejected { get; private set; }

    public IReadOnlyList<IngestError> Errors => _errors;

    public bool ErrorsTruncated => Rejected > _errors.Count;

    internal void AddAccepted(int count) => Accepted += count;

    internal void AddDuplicates(int count) => Duplicates += count;

    internal void Reject(IngestError error)
    {
        Rejected++;
        if (_errors.Count < MaxListedErrors)
        {
            _errors.Add(error);
        }
    }
}
