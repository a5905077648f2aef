namespace MetricsApi.Features.Ingestion;

/// <summary>Ingestion settings (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>The AI tools events may name; matched case-insensitively and stored in this spelling.</summary>
    public IList<string> KnownTools { get; } = [];

    public static IReadOnlyList<string> DefaultTools { get; } = ["Kiro", "Claude Code", "Codex", "AI Teammate", "Pippin", "MeshClaw"];

    /// <summary>Events written per transaction (and per INGEST_BATCH audit entry).</summary>
    public int ChunkSize { get; set; } = 1_000;

    /// <summary>Most events one GraphQL <c>ingestEvents</c> call may carry.</summary>
    public int MaxGraphQLBatch { get; set; } = 1_000;

    /// <summary>Longest NDJSON line accepted, in bytes.</summary>
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>How far in the future a timestamp may lie (clock skew between producers and us).</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest plausible timestamp or date of an event. Anything earlier is a producer's bug
    /// (0001-01-01 is what an unset date serialises to) and would stretch every period query.
    /// </summary>
    public DateTimeOffset EarliestTimestamp { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<string> Tools => KnownTools.Count > 0 ? [.. KnownTools] : DefaultTools;
}
