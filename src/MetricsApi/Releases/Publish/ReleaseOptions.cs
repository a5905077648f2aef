namespace MetricsApi.Releases.Publish;

/// <summary>Release settings (configuration section <c>Releases</c>).</summary>
public sealed class ReleaseOptions
{
    public const string Section = "Releases";

    /// <summary>Days after a period ends before it is released, so telemetry that arrives a little late is still in it.</summary>
    public int GraceDays { get; set; } = 3;

    /// <summary>How far back releases are built (months before today); older periods are never released.</summary>
    public int RetentionMonths { get; set; } = 24;

    /// <summary>Whether this instance runs the background builder (every instance may; a lease lets one work at a time).</summary>
    public bool Background { get; set; } = true;

    /// <summary>Seconds between the builder's passes when nothing wakes it earlier (a publication, a policy change, a revision request).</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How long a builder's lease lasts without renewal (it is renewed after every period); after a
    /// crash, another instance takes over once it has run out. Longer than the slowest period's build.
    /// </summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>
    /// Seconds a data cut-off is set back from the builder's clock, larger than the clock skew between
    /// API instances (each stamps what it receives with its own clock). Default 0 on SQLite (one machine),
    /// 30 on database servers.
    /// </summary>
    public int? ClockSkewSeconds { get; set; }

    /// <summary>The clock skew allowance in effect for a provider.</summary>
    public TimeSpan ClockSkew(Data.DatabaseProvider provider) =>
        TimeSpan.FromSeconds(ClockSkewSeconds ?? (provider == Data.DatabaseProvider.Sqlite ? 0 : 30));

    /// <summary>
    /// Seconds without any record of a closed period arriving before the background builder releases
    /// anything: a history being loaded (a first import, a bulk HR sync) is never published half-way.
    /// Telemetry of the running period does not count. Never shorter than the clock skew allowance
    /// (a shorter value is raised to it), since records received within it are after the cut-off.
    /// </summary>
    public int SettleSeconds { get; set; } = 300;

    /// <summary>Command timeout of a period's evaluation, in seconds.</summary>
    public int CommandTimeoutSeconds { get; set; } = 600;
}
