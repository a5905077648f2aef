namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>How many new events of one type one source delivered in a chunk (duplicates excluded).</summary>
public sealed record Delivered(string Type, string Source, int Count);
