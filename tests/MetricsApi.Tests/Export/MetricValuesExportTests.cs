using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;
using MetricsApi.Tests.Targets;

namespace MetricsApi.Tests.Export;

/// <summary>
/// <c>GET /export/metric-values.csv</c> as a BI tool calls it: the file, read back by a real CSV parser,
/// holds exactly what <c>metricValues</c> serves for the same arguments; names with commas, quotes and
/// line breaks survive; refusals are JSON with GraphQL's codes; every file is one EXPORT audit entry.
/// </summary>
public abstract class MetricValuesExportTests(TargetApp app)
{
    private const string Path = "/export/metric-values.csv";
    private const string Velocity = "deployments_per_engineer_weekly";

    private MetricsApiFactory App => app.Factory;

    private const string Selection = "metric version points { groupId groupName groupLevel dimensionValue periodStart periodEnd complete value suppressed suppressionReason peopleBucket releaseId } " +
        "guardrails { metric version points { groupId groupName groupLevel periodStart periodEnd complete value suppressed suppressionReason peopleBucket releaseId } provenance { policyVersion minGroupSize } } " +
        "provenance { policyVersion minGroupSize }";

    private static void AssertSameRows(JsonNode series, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, string purpose)
    {
        var expected = new List<(string Series, JsonNode Series2, JsonNode Point)>();
        expected.AddRange(series["points"]!.AsArray().Select(p => ("METRIC", series, p!)));
        foreach (var guardrail in series["guardrails"]!.AsArray())
        {
            expected.AddRange(guardrail!["points"]!.AsArray().Select(p => ("GUARDRAIL", guardrail, p!)));
        }

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (kind, owner, point) = expected[i];
            var row = rows[i];
            string Text(string field) => point[field]?.ToString() ?? "";
            Assert.Equal(kind, row["series"]);
            Assert.Equal(owner["metric"]!.GetValue<string>(), row["metric_key"]);
            Assert.Equal(owner["version"]!.ToString(), row["metric_version"]);
            Assert.Equal(Text("releaseId"), row["release_id"]);
            Assert.Equal(Text("groupId"), row["group_id"]);
            Assert.Equal(Text("groupName"), row["group_name"]);
            Assert.Equal(Text("groupLevel"), row["group_level"]);
            Assert.Equal(Text("dimensionValue"), row["dimension_value"]);
            Assert.Equal(Text("periodStart"), row["period_start"]);
            Assert.Equal(Text("periodEnd"), row["period_end"]);
            Assert.Equal(point["complete"]!.GetValue<bool>() ? "true" : "false", row["complete"]);
            Assert.Equal(point["value"]?.GetValue<double>(), row["value"].Length == 0 ? null : double.Parse(row["value"], CultureInfo.InvariantCulture));
            Assert.Equal(point["suppressed"]!.GetValue<bool>() ? "true" : "false", row["suppressed"]);
            Assert.Equal(Text("suppressionReason"), row["suppression_reason"]);
            Assert.Equal(Text("peopleBucket"), row["people_bucket"]);
            Assert.Equal(purpose, row["purpose"]);
            Assert.Equal(owner["provenance"]!["policyVersion"]!.ToString(), row["policy_version"]);
            Assert.Equal(owner["provenance"]!["minGroupSize"]!.ToString(), row["min_group_size"]);
        }
    }

    [Theory]
    [InlineData(Velocity, "org-fast", "TEAM", null)]
    [InlineData(Velocity, "acme", "ORG", null)]
    [InlineData("weekly_active_ai_users", "acme", "TEAM", null)]
    [InlineData("active_ai_users", "org-fast", "ORG", "tool")]
    public async Task TheFileHoldsExactlyWhatMetricValuesServesForTheSameArguments(string metric, string scope, string groupBy, string? dimension)
    {
        var ana = App.Ana();
        var request = new ValuesRequest(metric, "PORTFOLIO_REPORTING", "WEEK", TargetData.BaselineFrom, TargetData.LastDay, scope, groupBy, dimension);
        var graphql = await ana.PostGraphQLAsync("{ " + request.Field(selection: Selection) + " }");

        var csv = await ana.GetCsvAsync(Path, CsvClient.ValuesQuery(metric, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay, scope, groupBy, dimension));

        var (header, rows) = csv.Parse();
        Assert.Equal(["series", "metric_key", "metric_version", "release_id", "group_id", "group_name", "group_level", "dimension", "dimension_value",
            "period_start", "period_end", "complete", "value", "suppressed", "suppression_reason", "people_bucket", "purpose", "policy_version", "min_group_size"], header);
        AssertSameRows(graphql.Series(), rows, "PORTFOLIO_REPORTING");
        Assert.All(rows.Where(r => r["series"] == "METRIC"), r => Assert.Equal(dimension ?? "", r["dimension"]));
        Assert.Contains(rows, r => r["suppressed"] == "false" && r["value"].Length > 0);
        Assert.Equal(groupBy == "TEAM", rows.Any(r => r["suppressed"] == "true")); // tiny and its cover, t6, are hidden
    }

    [Fact]
    public async Task NamesWithCommasQuotesAndLineBreaksSurviveAndTheFileIsPlainUtf8WithCrlf()
    {
        var csv = await App.Ana().GetCsvAsync(Path, CsvClient.ValuesQuery(Velocity, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, "2026-01-11", "acme", "TEAM"));

        var (_, rows) = csv.Parse();
        Assert.Equal("text/csv; charset=utf-8; header=present", csv.ContentType);
        Assert.NotEqual((byte)0xEF, csv.Bytes[0]); // no byte order mark
        Assert.Contains("\"Team 3, \"\"the\nquiet one\"\"\"", csv.Text, StringComparison.Ordinal);
        Assert.Contains(rows, r => r["group_name"] == "Team 3, \"the\nquiet one\"");
        Assert.Contains(rows, r => r["group_id"] == "t1");
        // Records end with CRLF; the only bare line feeds are the ones inside t3's quoted name.
        Assert.EndsWith("\r\n", csv.Text, StringComparison.Ordinal);
        var records = csv.Text.Replace("\r\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("\r", records, StringComparison.Ordinal);
        Assert.Equal(rows.Count(r => r["group_name"].Contains('\n', StringComparison.Ordinal)), records.Count(c => c == '\n'));
        Assert.Equal("no-store", csv.Raw.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task EachFileIsOneExportEntryWrittenBeforeIt()
    {
        var client = App.ClientAs("ana", "Ana Exports", "Analyst");

        var csv = await client.GetCsvAsync(Path, CsvClient.ValuesQuery(Velocity, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay, "org-fast", "TEAM"));

        var (_, rows) = csv.Parse();
        var entry = Assert.Single(await App.AuditOfAsync("Ana Exports"))!;
        Assert.Equal(("EXPORT", "PORTFOLIO_REPORTING", "PARTIALLY_SUPPRESSED"), (entry["action"]!.GetValue<string>(), entry["purpose"]!.GetValue<string>(), entry["decision"]!.GetValue<string>()));
        Assert.Equal([Velocity, "change_failure_rate", "median_lead_time"], entry["metrics"].Strings());
        Assert.Equal((rows.Count(r => r["suppressed"] == "false"), rows.Count(r => r["suppressed"] == "true")), (entry["pointsServed"]!.GetValue<int>(), entry["pointsSuppressed"]!.GetValue<int>()));
        Assert.StartsWith("metric-values.csv: ", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(((12 * 7 * 3) + 1000).ToString(CultureInfo.InvariantCulture), csv.Raw.Headers.GetValues("X-Cost-Points").Single());
    }

    [Fact]
    public async Task PolicyRefusesAnExportAsItRefusesTheReadWithTheSameCodeAndADeniedEntry()
    {
        var erin = App.ClientAs("erin", "Erin Exports", "Engineer");
        var query = CsvClient.ValuesQuery(Velocity, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay);
        var graphql = await erin.MetricValuesAsync(new ValuesRequest(Velocity, "PORTFOLIO_REPORTING", "WEEK", TargetData.BaselineFrom, TargetData.LastDay));

        var purpose = await erin.GetCsvAsync(Path, query);
        var scope = await erin.GetCsvAsync(Path, CsvClient.ValuesQuery(Velocity, "TEAM_IMPROVEMENT", TargetData.BaselineFrom, TargetData.LastDay, "org-fast"));
        var personal = await App.Leo().GetCsvAsync(Path, CsvClient.ValuesQuery("weekly_active_ai_users", "PERFORMANCE_REVIEW", TargetData.BaselineFrom, TargetData.LastDay));

        Assert.Equal((403, "PURPOSE_NOT_ALLOWED", "purpose"), (purpose.Status, purpose.Error["code"]!.GetValue<string>(), purpose.Error["field"]!.GetValue<string>()));
        Assert.Equal(graphql.Errors[0]!["message"]!.GetValue<string>(), purpose.Error["message"]!.GetValue<string>());
        Assert.Equal((403, "OUT_OF_SCOPE", "scope"), (scope.Status, scope.Error["code"]!.GetValue<string>(), scope.Error["field"]!.GetValue<string>()));
        Assert.Equal((403, "PURPOSE_NOT_ALLOWED"), (personal.Status, personal.Error["code"]!.GetValue<string>()));
        // The GraphQL read, then the two exports.
        Assert.Equal(3, (await App.AuditOfAsync("Erin Exports", "DENIED")).Count);
        Assert.Empty(await App.AuditOfAsync("Erin Exports", "EXPORT"));
    }

    [Theory]
    [InlineData("metric", null, "metric")]
    [InlineData("period.from", "2026-13-01", "period.from")]
    [InlineData("period.grain", "DAY", "period.grain")]
    [InlineData("from", "2026-01-05", "from")]
    [InlineData("period.to", "2099-01-01", "period.to")]
    [InlineData("dimension", "colour", "dimension")]
    [InlineData("groupBy", "PERSON", "groupBy")]
    public async Task BadArgumentsAreBadUserInputNamingTheParameter(string name, string? value, string field)
    {
        var query = CsvClient.ValuesQuery(Velocity, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay).Where(q => q.Item1 != name).ToList();
        if (value is not null)
        {
            query.Add((name, value));
        }

        var csv = await App.Ana().GetCsvAsync(Path, [.. query]);

        Assert.Equal((400, "BAD_USER_INPUT", field), (csv.Status, csv.Error["code"]!.GetValue<string>(), csv.Error["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task WithoutAValidTokenTheAnswerIs401()
    {
        using var anonymous = App.CreateClient();
        var expired = App.ClientWithToken(TestTokens.Expired("ana", "Analyst"));
        var query = CsvClient.ValuesQuery(Velocity, "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay);

        var none = await anonymous.GetCsvAsync(Path, query);
        var old = await expired.GetCsvAsync(Path, query);

        Assert.Equal((401, "UNAUTHENTICATED"), (none.Status, none.Error["code"]!.GetValue<string>()));
        Assert.Equal("Bearer", none.Raw.Headers.WwwAuthenticate.ToString());
        Assert.Equal((401, "UNAUTHENTICATED"), (old.Status, old.Error["code"]!.GetValue<string>()));
    }
}

public sealed class MetricValuesExportTestsOnSqlite(TargetAppOnSqlite app) : MetricValuesExportTests(app), IClassFixture<TargetAppOnSqlite>;

public sealed class MetricValuesExportTestsOnPostgreSql(TargetAppOnPostgreSql app) : MetricValuesExportTests(app), IClassFixture<TargetAppOnPostgreSql>;
