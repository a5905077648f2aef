using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// A small organisation where nothing is suppressed, so every change to a released period would show:
/// <code>
/// acme ─ org-x ─ team-p  8 people p1..p8
///      │       └ team-q  8 people q1..q8
///      └ org-y ─ team-r  6 people r1..r6
///              └ team-s  7 people s1..s7
/// </code>
/// Everyone uses Kiro once in each of the ISO weeks starting 9 and 16 March 2026 (tokens 100 + n),
/// and every team deploys to production three times a week.
/// </summary>
public static class ReleaseHistoryData
{
    public const string Week1 = "2026-03-09";
    public const string Week2 = "2026-03-16";
    public const string Week2End = "2026-03-22";

    public static readonly IReadOnlyDictionary<string, (string Org, int People)> Teams = new Dictionary<string, (string, int)>(StringComparer.Ordinal)
    {
        ["team-p"] = ("org-x", 8),
        ["team-q"] = ("org-x", 8),
        ["team-r"] = ("org-y", 6),
        ["team-s"] = ("org-y", 7),
    };

    public static string Person(string member) => member + "@acme.example";

    public static async Task<MetricsApiFactory> StartAsync(DatabaseKind kind)
    {
        var app = await MetricsApiFactory.CreateAsync(kind);
        var events = new List<JsonObject>
        {
            OrgUnit("acme", "COMPANY", null),
            OrgUnit("org-x", "ORG", "acme"),
            OrgUnit("org-y", "ORG", "acme"),
        };
        var usage = 0;
        foreach (var (team, (org, people)) in Teams)
        {
            events.Add(OrgUnit(team, "TEAM", org));
            for (var n = 1; n <= people; n++)
            {
                var member = team[^1..] + n.ToString(CultureInfo.InvariantCulture);
                events.Add(Membership($"m-{member}", person: Person(member), team: team, validFrom: "2026-01-01"));
                foreach (var week in new[] { Week1, Week2 })
                {
                    events.Add(Use($"use-{usage++}", member, week, 100 + n));
                }
            }

            foreach (var week in new[] { Week1, Week2 })
            {
                for (var d = 0; d < 3; d++)
                {
                    events.Add(Deployment($"dep-{team}-{week}-{d}").With("team", team).With("finishedAt", $"{week}T1{d}:00:00Z").With("startedAt", $"{week}T0{d}:00:00Z"));
                }
            }
        }

        var response = await app.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(response.Status == 200 && response.Rejected == 0, response.ToString());
        await app.BuildReleasesAsync();
        return app;
    }

    /// <summary>One Kiro invocation of a member on the Tuesday of the week.</summary>
    public static JsonObject Use(string eventId, string member, string week, long tokens) => new()
    {
        ["type"] = "ai_usage",
        ["eventId"] = eventId,
        ["source"] = "history-probe",
        ["person"] = Person(member),
        ["tool"] = "Kiro",
        ["model"] = "model-1",
        ["occurredAt"] = DateOnly.Parse(week, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00:00Z",
        ["kind"] = "INVOCATION",
        ["inputTokens"] = tokens - 10,
        ["outputTokens"] = 10,
    };

    /// <summary>Publishes a copy of a metric under another key (same quantity, same values), reviewed as the catalogue requires.</summary>
    public static async Task PublishCopyAsync(MetricsApiFactory app, string key, JsonObject definition, string kind = "ACTIVITY", bool perTool = true)
    {
        var input = kind == "ACTIVITY" ? CatalogueClient.ActivityInput(key) : CatalogueClient.OutcomeInput(key);
        input["definition"] = definition;
        input["grains"] = new JsonArray("WEEK");
        input["dimensions"] = perTool ? new JsonArray("tool") : new JsonArray();
        input["allowedPurposes"] = new JsonArray("TOOL_EVALUATION", "PORTFOLIO_REPORTING");
        await app.ReviewedAsync(input, privacy: kind != "OUTCOME");
        Assert.Null((await app.Steward().StepAsync("publishMetric", key)).FirstCode);
    }

    public static JsonObject TokensDefinition() => new() { ["source"] = "ai_usage", ["aggregation"] = "SUM", ["field"] = "totalTokens" };

    public static JsonObject DeploymentsPerEngineerDefinition() => new()
    {
        ["source"] = "deployment",
        ["aggregation"] = "COUNT",
        ["perEngineer"] = true,
        ["filters"] = new JsonArray(
            new JsonObject { ["field"] = "environment", ["op"] = "EQ", ["values"] = new JsonArray("production") },
            new JsonObject { ["field"] = "status", ["op"] = "EQ", ["values"] = new JsonArray("SUCCEEDED") }),
    };
}
