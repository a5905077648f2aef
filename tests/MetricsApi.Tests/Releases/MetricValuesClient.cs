using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>The arguments of one <c>metricValues</c> field; null ones are left out of the document.</summary>
public sealed record ValuesRequest(
    string Metric,
    string Purpose,
    string Grain = "MONTH",
    string From = "2026-03-01",
    string To = "2026-03-31",
    string? Scope = null,
    string? GroupBy = null,
    string? Dimension = null)
{
    /// <summary>The field as GraphQL text, e.g. <c>teams: metricValues(...) { ... }</c>.</summary>
    public string Field(string? alias = null, string selection = MetricValuesClient.SeriesFields)
    {
        var text = new StringBuilder();
        text.Append(alias is null ? "" : alias + ": ")
            .Append(CultureInfo.InvariantCulture, $"metricValues(metric: \"{Metric}\", purpose: {Purpose}, period: {{ grain: {Grain}, from: \"{From}\", to: \"{To}\" }}");
        if (Scope is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", scope: \"{Scope}\"");
        }

        if (GroupBy is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", groupBy: {GroupBy}");
        }

        if (Dimension is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", dimension: \"{Dimension}\"");
        }

        return text.Append(") { ").Append(selection).Append(" }").ToString();
    }
}

/// <summary>One point of a series, as served.</summary>
public sealed record ValuePoint(
    string GroupId,
    string? GroupLevel,
    string? DimensionValue,
    string PeriodStart,
    string? PeriodEnd,
    bool? Complete,
    double? Value,
    bool Suppressed,
    string? SuppressionReason,
    string? PeopleBucket)
{
    /// <summary>Group, period and dimension value: what identifies a cell.</summary>
    public (string Group, string Period, string? Dimension) Cell => (GroupId, PeriodStart, DimensionValue);
}

/// <summary>Reads metric values the way a dashboard would.</summary>
public static class MetricValuesClient
{
    public const string PointFields = "groupId groupName groupLevel dimensionValue periodStart periodEnd complete value suppressed suppressionReason peopleBucket";

    public const string SeriesFields =
        "metric name kind unit version purpose grain groupBy dimension points { " + PointFields + " } " +
        "guardrails { metric points { groupId periodStart value suppressed } } " +
        "provenance { metricVersion policyVersion minGroupSize computedAt pointsSuppressed reconciliation }";

    public const string AuditFields = "sequence principalId principalName action decision purpose metrics scope target ruleCodes policyVersion pointsServed pointsSuppressed";

    public static Task<GraphQLResponse> MetricValuesAsync(this HttpClient client, ValuesRequest request) =>
        client.PostGraphQLAsync("{ " + request.Field() + " }");

    /// <summary>A client whose token names <paramref name="user"/>'s object id but shows <paramref name="displayName"/>, so one test's audit entries can be found by name.</summary>
    public static HttpClient ClientAs(this MetricsApiFactory app, string user, string displayName, params string[] roles) =>
        app.ClientWithToken(TestTokens.Create(displayName, roles, objectId: TestTokens.ObjectIdFor(user)));

    /// <summary>The series of a response that must have succeeded.</summary>
    public static JsonNode Series(this GraphQLResponse response, string field = "metricValues")
    {
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data![field]!;
    }

    public static IReadOnlyList<ValuePoint> Points(this JsonNode series) =>
        [.. series["points"]!.AsArray().Select(p => new ValuePoint(
            p!["groupId"]!.GetValue<string>(),
            p["groupLevel"]?.GetValue<string>(),
            p["dimensionValue"]?.GetValue<string>(),
            p["periodStart"]!.GetValue<string>(),
            p["periodEnd"]?.GetValue<string>(),
            p["complete"]?.GetValue<bool>(),
            p["value"]?.GetValue<double>(),
            p["suppressed"]!.GetValue<bool>(),
            p["suppressionReason"]?.GetValue<string>(),
            p["peopleBucket"]?.GetValue<string>()))];

    public static IReadOnlyList<string> Groups(this JsonNode series) =>
        [.. series.Points().Select(p => p.GroupId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Asserts a refused field: the exact code (and field), no data, one error.</summary>
    public static JsonNode AssertError(this GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.Status == 200, response.ToString());
        Assert.True(response.ErrorCodes.SequenceEqual([code]), response.ToString());
        Assert.True(response.Data is null || response.Data["metricValues"] is null, response.ToString());
        var error = response.Errors[0]!;
        if (field is not null)
        {
            Assert.True(error["extensions"]?["field"]?.GetValue<string>() == field, response.ToString());
        }

        return error;
    }

    /// <summary>Audit entries of one principal (display name or object id), newest first.</summary>
    public static async Task<JsonArray> AuditOfAsync(this MetricsApiFactory app, string principal, string? action = null)
    {
        var where = action is null ? $"{{ principal: \"{principal}\" }}" : $"{{ principal: \"{principal}\", action: {action} }}";
        var response = await app.ClientFor("Ada Auditor", "Auditor").PostGraphQLAsync($"{{ auditLog(first: 100, where: {where}) {{ nodes {{ {AuditFields} }} }} }}");
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data!["auditLog"]!["nodes"]!.AsArray();
    }

    public static IReadOnlyList<string> Strings(this JsonNode? node) =>
        node is null ? [] : [.. node.AsArray().Select(n => n!.GetValue<string>())];
}
