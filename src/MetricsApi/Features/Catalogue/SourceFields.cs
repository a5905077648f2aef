using MetricsApi.Features.Ingestion;

namespace MetricsApi.Features.Catalogue;

/// <summary>The type of a field a definition may use.</summary>
public enum FieldType
{
    Text,
    Enum,
    Number,
    Timestamp,
    Boolean,
    Person,
    Team,
}

/// <summary>A field of a source event type, as definitions see it.</summary>
public sealed record SourceField(string Name, FieldType Type, IReadOnlyList<string>? Values = null, string? DerivedFrom = null);

/// <summary>
/// The fields definitions may read, per event type (what ingestion stores), including derived
/// numbers such as <c>timeToRestoreMinutes</c>. Each type has one time field that places an event
/// in a period.
/// </summary>
public static class SourceFields
{
    public static IReadOnlyDictionary<string, IReadOnlyList<SourceField>> ByType { get; } = new Dictionary<string, IReadOnlyList<SourceField>>(StringComparer.Ordinal)
    {
        [EventTypes.Deployment] =
        [
            new("team", FieldType.Team), new("service", FieldType.Text), new("environment", FieldType.Text),
            new("status", FieldType.Enum, ["SUCCEEDED", "FAILED", "ROLLED_BACK"]),
            new("startedAt", FieldType.Timestamp), new("finishedAt", FieldType.Timestamp),
            new("leadTimeMinutes", FieldType.Number), new("causedIncident", FieldType.Boolean), new("restoredAt", FieldType.Timestamp),
            new("timeToRestoreMinutes", FieldType.Number, DerivedFrom: "restoredAt - finishedAt"),
        ],
        [EventTypes.AiUsage] =
        [
            new("person", FieldType.Person), new("tool", FieldType.Text), new("model", FieldType.Text), new("occurredAt", FieldType.Timestamp),
            new("kind", FieldType.Enum, ["INVOCATION", "OUTPUT_ACCEPTED", "FEEDBACK_GIVEN"]),
            new("inputTokens", FieldType.Number), new("outputTokens", FieldType.Number),
            new("totalTokens", FieldType.Number, DerivedFrom: "inputTokens + outputTokens"),
        ],
        [EventTypes.ToolAccess] =
        [
            new("person", FieldType.Person), new("tool", FieldType.Text), new("grantedAt", FieldType.Timestamp), new("revokedAt", FieldType.Timestamp),
        ],
        [EventTypes.SurveyResponse] =
        [
            new("person", FieldType.Person), new("tool", FieldType.Text), new("score", FieldType.Number), new("submittedAt", FieldType.Timestamp),
        ],
    };

    /// <summary>The field that places an event of the type in a period.</summary>
    public static IReadOnlyDictionary<string, string> TimeField { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EventTypes.Deployment] = "finishedAt",
        [EventTypes.AiUsage] = "occurredAt",
        [EventTypes.ToolAccess] = "grantedAt",
        [EventTypes.SurveyResponse] = "submittedAt",
    };

    public static SourceField? Find(string source, string field) =>
        ByType.TryGetValue(source, out var fields) ? fields.FirstOrDefault(f => f.Name == field) : null;
}
