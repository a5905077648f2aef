namespace MetricsApi.Features.Ingestion.Events;

/// <summary>
/// The idempotency ledger: one row per (source, eventId) ever accepted, whatever its type. Its
/// primary key is what makes a replay or a concurrent duplicate a duplicate.
/// </summary>
public sealed class IngestedEvent
{
    public required string Source { get; set; }

    public required string EventId { get; set; }

    public required string Type { get; set; }

    public DateTime IngestedAt { get; set; }
}

/// <summary>
/// A telemetry row stamped with when this service stored it (UTC). Releases are built from the data a
/// period held at its cut-off: rows received later are late, counted and never silently applied.
/// </summary>
public interface IReceivedEvent
{
    DateTime ReceivedAt { get; set; }
}

/// <summary>A production (or other environment) deployment of a team's service.</summary>
public sealed class DeploymentEvent : IReceivedEvent
{
    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required string Source { get; set; }

    public required string EventId { get; set; }

    public int TeamId { get; set; }

    public required string Service { get; set; }

    public required string Environment { get; set; }

    /// <summary><c>SUCCEEDED</c>, <c>FAILED</c> or <c>ROLLED_BACK</c>.</summary>
    public required string Status { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public int? LeadTimeMinutes { get; set; }

    public bool CausedIncident { get; set; }

    public DateTime? RestoredAt { get; set; }
}

/// <summary>One use of an AI tool by a person (pseudonymised).</summary>
public sealed class AiUsageEvent : IReceivedEvent
{
    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required string Source { get; set; }

    public required string EventId { get; set; }

    public required string PersonKey { get; set; }

    public required string Tool { get; set; }

    public required string Model { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary><c>INVOCATION</c>, <c>OUTPUT_ACCEPTED</c> or <c>FEEDBACK_GIVEN</c>.</summary>
    public required string Kind { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }
}

/// <summary>A licence (access) to an AI tool granted to a person, and possibly revoked.</summary>
public sealed class ToolAccessEvent : IReceivedEvent
{
    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required string Source { get; set; }

    public required string EventId { get; set; }

    public required string PersonKey { get; set; }

    public required string Tool { get; set; }

    public DateTime GrantedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>An engineer's answer (0–10) to "would you recommend this tool?".</summary>
public sealed class SurveyResponseEvent : IReceivedEvent
{
    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required string Source { get; set; }

    public required string EventId { get; set; }

    public required string PersonKey { get; set; }

    public required string Tool { get; set; }

    public int Score { get; set; }

    public DateTime SubmittedAt { get; set; }
}
