namespace MetricsApi.Releases.Publish;

/// <summary>
/// Which API instance builds releases now. Every instance runs the builder; only the holder of an
/// unexpired lease works, so each release is built once however many instances share the database.
/// </summary>
public sealed class ReleaseLease
{
    public required string Name { get; set; }

    public required string Holder { get; set; }

    public DateTime ExpiresAt { get; set; }
}
