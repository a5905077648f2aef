namespace MetricsApi.Features.Ingestion;

/// <summary>Ingestion stopped part-way; <see cref="Progress"/> says what earlier chunks stored (and stays stored).</summary>
public sealed class IngestionAbortedException(IngestResult progress, Exception inner)
    : Exception("Ingestion stopped: " + inner.Message, inner)
{
    public IngestResult Progress { get; } = progress;
}
