using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Targets;

/// <summary>Sets targets and reads their progress the way a leader's dashboard would.</summary>
public static class TargetClient
{
    public const string VersionFields =
        "key version status metric metricVersion metricKind unit { id name kind } baseline { grain from to periods } goal { kind value } deadline owner description authorId authorName changeReason approverName approvedAt approvalComment rejectionReason";

    public const string WindowFields = "from to periods periodsWithValue value suppressed suppressionReason";

    public const string ProgressFields =
        "target { key version } metric metricVersion kind purpose groupId groupName groupLevel grain direction " +
        "baseline { " + WindowFields + " } current { " + WindowFields + " } goalValue ratioToBaseline " +
        "trajectory { from fromValue to toValue asOf expectedValue } status onTrack improving " +
        "guardrails { metric name version baseline { " + WindowFields + " } current { " + WindowFields + " } change lowerIsBetter margin worsened } " +
        "warnings { kind guardrail message } " +
        "rollup { teams teamsWithValues minTeams suppressed suppressionReason teamsMeetingGoal shareMeetingGoal teamsOnTrack shareOnTrack teamsMeetingGoalWithWarning shareMeetingGoalWithWarning } rollupNote " +
        "points { groupId periodStart value suppressed suppressionReason releaseId } provenance { metricVersion policyVersion minGroupSize }";

    public static HttpClient Leo(this MetricsApiFactory app) => app.ClientFor("leo", "Leader");

    public static HttpClient Ana(this MetricsApiFactory app) => app.ClientFor("ana", "Analyst");

    public static HttpClient Priya(this MetricsApiFactory app) => app.ClientFor("priya", "PrivacyOfficer");

    /// <summary>A target input: release velocity tripled by default, baseline the four January weeks, deadline the last day with data.</summary>
    public static JsonObject Input(string key, string unit, string metric = "deployments_per_engineer_weekly", double? multiple = 3, double? value = null,
        string deadline = TargetData.LastDay, string grain = "WEEK", string from = TargetData.BaselineFrom, string to = TargetData.BaselineTo, string? reason = null)
    {
        var goal = new JsonObject();
        if (multiple is { } m)
        {
            goal["multipleOfBaseline"] = m;
        }

        if (value is { } v)
        {
            goal["value"] = v;
        }

        return new JsonObject
        {
            ["key"] = key,
            ["metric"] = metric,
            ["unit"] = unit,
            ["baseline"] = new JsonObject { ["grain"] = grain, ["from"] = from, ["to"] = to },
            ["goal"] = goal,
            ["deadline"] = deadline,
            ["owner"] = "VP Engineering",
            ["description"] = "Triple release velocity without paying for it in quality.",
            ["reason"] = reason,
        };
    }

    public static Task<GraphQLResponse> CreateTargetAsync(this HttpClient client, JsonObject input) =>
        client.PostGraphQLAsync("mutation($input: TargetInput!) { createTarget(input: $input) { " + VersionFields + " } }", new { input });

    public static Task<GraphQLResponse> ReviseTargetAsync(this HttpClient client, JsonObject input) =>
        client.PostGraphQLAsync("mutation($input: TargetInput!) { reviseTarget(input: $input) { " + VersionFields + " } }", new { input });

    /// <summary>approveTarget, rejectTarget or retireTarget.</summary>
    public static Task<GraphQLResponse> TargetStepAsync(this HttpClient client, string mutation, string key, string extra = "") =>
        client.PostGraphQLAsync($"mutation {{ {mutation}(key: \"{key}\"{extra}) {{ {VersionFields} }} }}");

    public static Task<GraphQLResponse> TargetAsync(this HttpClient client, string key) =>
        client.PostGraphQLAsync($"{{ target(key: \"{key}\") {{ key status current {{ version status }} latest {{ version status }} versions {{ {VersionFields} }} }} }}");

    public static Task<GraphQLResponse> ProgressAsync(this HttpClient client, string key, string purpose = "PORTFOLIO_REPORTING") =>
        client.PostGraphQLAsync($"{{ targetProgress(target: \"{key}\", purpose: {purpose}) {{ {ProgressFields} }} }}");

    /// <summary>The data of a field of a response that must have succeeded.</summary>
    public static JsonNode Ok(this GraphQLResponse response, string field)
    {
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data![field]!;
    }

    /// <summary>Asserts one error with the code (and field), and no data for the field.</summary>
    public static JsonNode Refused(this GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.ErrorCodes.SequenceEqual([code]), response.ToString());
        var error = response.Errors[0]!;
        if (field is not null)
        {
            Assert.True(error["extensions"]?["field"]?.GetValue<string>() == field, response.ToString());
        }

        return error;
    }

    public static double? Number(this JsonNode? node, string name) => node?[name]?.GetValue<double>();
}
