using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Reads <c>metricValues</c> as a company-wide Analyst, grouped by TEAM, ORG and COMPANY in one
/// document, and turns points into one comparable line each (see <see cref="Describe"/>).
/// </summary>
public static class GoldenClient
{
    public const string Weeks = "WEEK";
    public const string Months = "MONTH";
    public const string PortfolioReporting = "PORTFOLIO_REPORTING";
    public const string ToolEvaluation = "TOOL_EVALUATION";

    public const string PointFields = "groupId groupName groupLevel dimensionValue periodStart periodEnd complete value suppressed suppressionReason peopleBucket";

    private const string Query = $$"""
        query Golden($metric: String!, $purpose: Purpose!, $period: PeriodInput!, $dimension: String) {
          team: metricValues(metric: $metric, purpose: $purpose, period: $period, groupBy: TEAM, dimension: $dimension) { ...series }
          org: metricValues(metric: $metric, purpose: $purpose, period: $period, groupBy: ORG, dimension: $dimension) { ...series }
          company: metricValues(metric: $metric, purpose: $purpose, period: $period, groupBy: COMPANY, dimension: $dimension) { ...series }
        }
        fragment series on MetricSeries {
          metric version grain groupBy dimension purpose
          points { {{PointFields}} }
          provenance { metricVersion policyVersion minGroupSize pointsSuppressed }
          guardrails { metric points { {{PointFields}} } provenance { pointsSuppressed } }
        }
        """;

    public static HttpClient Analyst(this MetricsApiFactory app) => app.ClientFor("ana", "Analyst");

    /// <summary>W1 and W2 (2026-03-02 to 2026-03-15) for WEEK, March 2026 for MONTH.</summary>
    public static async Task<GoldenSeries> MetricValuesAsync(this MetricsApiFactory app, string metric, string grain,
        string purpose = PortfolioReporting, string? dimension = null, string? from = null, string? to = null)
    {
        from ??= grain == Weeks ? "2026-03-02" : "2026-03-01";
        to ??= grain == Weeks ? "2026-03-15" : "2026-03-31";
        var response = await app.Analyst().PostGraphQLAsync(Query, new { metric, purpose, period = new { grain, from, to }, dimension });
        Assert.True(response.Status == 200 && response.Errors.Count == 0, $"{metric} {grain} {dimension}: {response}");
        return new GoldenSeries(metric, dimension, response.Data!["team"]!, response.Data!["org"]!, response.Data!["company"]!);
    }

    /// <summary>One series of W1 and W2 for one scope, as a manager's dashboard would ask for a single unit.</summary>
    public static async Task<JsonNode> ScopedValuesAsync(this MetricsApiFactory app, string metric, string scope, string groupBy)
    {
        var response = await app.Analyst().PostGraphQLAsync(
            $"query($metric: String!, $scope: ID) {{ metricValues(metric: $metric, purpose: PORTFOLIO_REPORTING, period: {{ grain: WEEK, from: \"2026-03-02\", to: \"2026-03-15\" }}, scope: $scope, groupBy: {groupBy}) {{ points {{ {PointFields} }} provenance {{ pointsSuppressed }} }} }}",
            new { metric, scope });
        Assert.True(response.Status == 200 && response.Errors.Count == 0, $"{metric} {scope} {groupBy}: {response}");
        return response.Data!["metricValues"]!;
    }

    /// <summary>
    /// <c>team-alpha 2026-03-02 = 1600 people 5-9</c>, <c>team-alpha 2026-03-02 Codex = hidden BELOW_MIN_GROUP_SIZE</c>,
    /// <c>org-core 2026-03-09 = null people 10-19</c> (undefined, not suppressed). Anything inconsistent
    /// (a hidden point with a value or a bucket, a wrong bucket) shows up in the line.
    /// </summary>
    public static string Describe(JsonNode point)
    {
        var group = point["groupId"]!.GetValue<string>();
        var period = point["periodStart"]!.GetValue<string>();
        var dimension = point["dimensionValue"]?.GetValue<string>();
        var suppressed = point["suppressed"]!.GetValue<bool>();
        var reason = point["suppressionReason"]?.GetValue<string>();
        var value = point["value"]?.GetValue<double>();
        var bucket = point["peopleBucket"]?.GetValue<string>();
        var outcome = suppressed
            ? value is null && bucket is null && point["people"] is null ? "hidden " + reason : $"hidden {reason} BUT value {Format(value)} bucket {bucket}"
            : $"{Format(value)} people {bucket}" + (reason is null ? "" : " reason " + reason);
        return Line(group, period, dimension, outcome);
    }

    public static string Line(string group, string period, string? dimension, string outcome) =>
        $"{group} {period}{(dimension is null ? "" : " " + dimension)} = {outcome}";

    public static string Format(double? value) =>
        value is { } v ? Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture) : "null";

    /// <summary>The people buckets of docs/governed-reads.md.</summary>
    public static string? Bucket(int? people) => people switch
    {
        null => null,
        < 5 => "below 5?",
        < 10 => "5-9",
        < 20 => "10-19",
        < 50 => "20-49",
        < 100 => "50-99",
        < 250 => "100-249",
        < 1000 => "250-999",
        _ => "1000+",
    };
}

/// <summary>The TEAM, ORG and COMPANY series of one metric read.</summary>
public sealed record GoldenSeries(string Metric, string? Dimension, JsonNode Team, JsonNode Org, JsonNode Company)
{
    /// <summary>The series of one guardrail served with the metric, at the same three levels.</summary>
    public GoldenSeries Guardrail(string key)
    {
        JsonNode Find(JsonNode series) =>
            series["guardrails"]!.AsArray().SingleOrDefault(g => g!["metric"]!.GetValue<string>() == key)
            ?? throw new InvalidOperationException($"{Metric} came without its guardrail {key}: {series.ToJsonString()}");
        return new GoldenSeries($"{Metric} guardrail {key}", null, Find(Team), Find(Org), Find(Company));
    }
}
