using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Catalogue;

/// <summary>Catalogue calls as stewards, privacy officers and readers make them.</summary>
public static class CatalogueClient
{
    public const string VersionFields = "key number status kind authorName allowedPurposes guardrails approvals { approverName role } rejectionReason replacement sunsetDate";

    public static HttpClient Steward(this MetricsApiFactory app, string name = "Stella Steward") => app.ClientFor(name, "MetricSteward");

    public static HttpClient Privacy(this MetricsApiFactory app) => app.ClientFor("Priya Privacy", "PrivacyOfficer");

    /// <summary>A valid OUTCOME metric input; tweak it per test.</summary>
    public static JsonObject OutcomeInput(string key = "rollback_count") => new()
    {
        ["key"] = key,
        ["name"] = "Rollbacks",
        ["description"] = "Production deployments rolled back in the period.",
        ["kind"] = "OUTCOME",
        ["unit"] = "deployments",
        ["owner"] = "Platform",
        ["steward"] = "metrics-council",
        ["allowedPurposes"] = new JsonArray("TEAM_IMPROVEMENT"),
        ["definition"] = new JsonObject
        {
            ["source"] = "deployment",
            ["aggregation"] = "COUNT",
            ["filters"] = new JsonArray(new JsonObject { ["field"] = "status", ["op"] = "EQ", ["values"] = new JsonArray("ROLLED_BACK") }),
        },
    };

    /// <summary>A valid ACTIVITY metric input (needs privacy approval to publish).</summary>
    public static JsonObject ActivityInput(string key = "accepted_outputs") => new()
    {
        ["key"] = key,
        ["name"] = "Accepted outputs",
        ["description"] = "AI outputs accepted.",
        ["kind"] = "ACTIVITY",
        ["unit"] = "events",
        ["owner"] = "Platform",
        ["steward"] = "metrics-council",
        ["allowedPurposes"] = new JsonArray("TOOL_EVALUATION"),
        ["guardrails"] = new JsonArray("deployments_per_engineer_weekly"),
        ["dimensions"] = new JsonArray("tool"),
        ["definition"] = new JsonObject
        {
            ["source"] = "ai_usage",
            ["aggregation"] = "COUNT",
            ["filters"] = new JsonArray(new JsonObject { ["field"] = "kind", ["op"] = "EQ", ["values"] = new JsonArray("OUTPUT_ACCEPTED") }),
        },
    };

    public static Task<GraphQLResponse> ProposeAsync(this HttpClient client, JsonObject input) =>
        client.PostGraphQLAsync($"mutation($input: MetricInput!) {{ proposeMetric(input: $input) {{ {VersionFields} }} }}", new { input });

    public static Task<GraphQLResponse> ReviseAsync(this HttpClient client, JsonObject input) =>
        client.PostGraphQLAsync($"mutation($input: MetricInput!) {{ reviseMetric(input: $input) {{ {VersionFields} }} }}", new { input });

    public static Task<GraphQLResponse> StepAsync(this HttpClient client, string mutation, string key, string extra = "") =>
        client.PostGraphQLAsync($"mutation {{ {mutation}(key: \"{key}\"{extra}) {{ {VersionFields} }} }}");

    public static async Task<JsonNode> MetricAsync(this MetricsApiFactory app, string key, string selection = "key deprecated current { number status } latest { number status } versions { number status description }")
    {
        var response = await app.ClientFor("reader", "Engineer").PostGraphQLAsync($"{{ metric(key: \"{key}\") {{ {selection} }} }}");
        Assert.True(response.Status == 200, response.ToString());
        return response.Data!["metric"]!;
    }

    /// <summary>Proposes, submits and has another steward (and a privacy officer when given) approve.</summary>
    public static async Task ReviewedAsync(this MetricsApiFactory app, JsonObject input, bool privacy = false)
    {
        var key = input["key"]!.GetValue<string>();
        Assert.Null((await app.Steward().ProposeAsync(input)).FirstCode);
        Assert.Null((await app.Steward().StepAsync("submitMetricForReview", key)).FirstCode);
        Assert.Null((await app.Steward("Second Steward").StepAsync("approveMetric", key)).FirstCode);
        if (privacy)
        {
            Assert.Null((await app.Privacy().StepAsync("approveMetric", key)).FirstCode);
        }
    }
}
