using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// Valid events of every type (docs/ingestion.md), to be spoilt one field at a time with
/// <see cref="With"/> and <see cref="Without"/>. Team events name the org of <see cref="OrgTree"/>:
/// acme → org-eng → (team-a, team-b).
/// </summary>
public static class TestEvents
{
    public const string Source = "test-feed";
    public const string OrgSource = "hr-feed";
    public const string Person = "grace.hopper@example.com";

    public static JsonObject Deployment(string eventId, string team = "team-a", string source = Source) => new()
    {
        ["type"] = "deployment",
        ["eventId"] = eventId,
        ["source"] = source,
        ["team"] = team,
        ["service"] = "checkout",
        ["environment"] = "production",
        ["status"] = "SUCCEEDED",
        ["startedAt"] = "2026-03-02T10:00:00Z",
        ["finishedAt"] = "2026-03-02T10:15:00Z",
    };

    public static JsonObject AiUsage(string eventId, string person = Person, string source = Source) => new()
    {
        ["type"] = "ai_usage",
        ["eventId"] = eventId,
        ["source"] = source,
        ["person"] = person,
        ["tool"] = "Claude Code",
        ["model"] = "sonnet",
        ["occurredAt"] = "2026-03-02T10:15:00Z",
        ["kind"] = "INVOCATION",
        ["inputTokens"] = 1200,
        ["outputTokens"] = 300,
    };

    public static JsonObject ToolAccess(string eventId, string person = Person, string source = Source) => new()
    {
        ["type"] = "tool_access",
        ["eventId"] = eventId,
        ["source"] = source,
        ["person"] = person,
        ["tool"] = "Kiro",
        ["grantedAt"] = "2026-01-05T09:00:00Z",
    };

    public static JsonObject Survey(string eventId, string person = Person, string source = Source, int score = 7) => new()
    {
        ["type"] = "survey_response",
        ["eventId"] = eventId,
        ["source"] = source,
        ["person"] = person,
        ["tool"] = "Codex",
        ["score"] = score,
        ["submittedAt"] = "2026-03-02T10:15:00Z",
    };

    public static JsonObject OrgUnit(string externalId, string kind, string? parent, string eventId = "", string name = "") => new()
    {
        ["type"] = "org_unit",
        ["eventId"] = eventId.Length > 0 ? eventId : "unit-" + externalId,
        ["source"] = OrgSource,
        ["externalId"] = externalId,
        ["name"] = name.Length > 0 ? name : externalId.Replace('-', ' '),
        ["kind"] = kind,
        ["parent"] = parent,
    };

    public static JsonObject Membership(string eventId, string person = Person, string team = "team-a", string validFrom = "2026-01-01", string? validTo = null) => new()
    {
        ["type"] = "membership",
        ["eventId"] = eventId,
        ["source"] = OrgSource,
        ["person"] = person,
        ["team"] = team,
        ["validFrom"] = validFrom,
        ["validTo"] = validTo,
    };

    public static JsonObject Manager(string eventId, string person = Person, string orgUnit = "org-eng", string validFrom = "2026-01-01") => new()
    {
        ["type"] = "manager",
        ["eventId"] = eventId,
        ["source"] = OrgSource,
        ["person"] = person,
        ["orgUnit"] = orgUnit,
        ["validFrom"] = validFrom,
    };

    /// <summary>acme (COMPANY) → org-eng (ORG) → team-a, team-b (TEAM).</summary>
    public static JsonObject[] OrgTree() =>
    [
        OrgUnit("acme", "COMPANY", null),
        OrgUnit("org-eng", "ORG", "acme"),
        OrgUnit("team-a", "TEAM", "org-eng"),
        OrgUnit("team-b", "TEAM", "org-eng"),
    ];

    public static JsonObject With(this JsonObject e, string field, JsonNode? value)
    {
        e[field] = value;
        return e;
    }

    public static JsonObject Without(this JsonObject e, string field)
    {
        e.Remove(field);
        return e;
    }
}
