using MetricsApi.Features.Ingestion;

namespace MetricsApi.Releases.Evaluate;

/// <summary>An event table as releases see it: where it lives, whether it is about people, and which rows belong to a period.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Table">Its table.</param>
/// <param name="PersonBased">Rows name a person (pseudonymised), not a team.</param>
/// <param name="InPeriod">SQL condition on alias <c>e</c> that a row belongs to the period [@ps, @pe) (timestamps).</param>
public sealed record EventSource(string Type, string Table, bool PersonBased, string InPeriod);

/// <summary>The four event tables.</summary>
public static class EventSources
{
    public static IReadOnlyList<EventSource> All { get; } =
    [
        new(EventTypes.Deployment, "deployments", false, "e.finished_at >= @ps AND e.finished_at < @pe"),
        new(EventTypes.AiUsage, "ai_usage", true, "e.occurred_at >= @ps AND e.occurred_at < @pe"),
        // Licences are states: a grant belongs to every period it is held in.
        new(EventTypes.ToolAccess, "tool_access", true, "e.granted_at < @pe AND (e.revoked_at IS NULL OR e.revoked_at >= @ps)"),
        new(EventTypes.SurveyResponse, "survey_responses", true, "e.submitted_at >= @ps AND e.submitted_at < @pe"),
    ];

    public static EventSource Of(string type) => All.Single(s => s.Type == type);
}
