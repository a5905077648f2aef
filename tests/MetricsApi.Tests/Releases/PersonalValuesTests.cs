using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Invariant 2: per-person values go only to that person, for SELF_REFLECTION, through
/// <c>viewer { usage }</c>; no argument of any values read names a person.
/// </summary>
public abstract class PersonalValuesTests(EvaluationApp app)
{
    /// <summary>The four ISO weeks of March: token sums are read weekly only.</summary>
    private const string MarchWeeks = "{ grain: WEEK, from: \"2026-03-02\", to: \"2026-03-29\" }";

    private static string Usage(string metric, string period = MarchWeeks) =>
        $"{{ viewer {{ usage(metric: \"{metric}\", period: {period}) {{ metric points {{ periodStart value }} }} }} }}";

    private async Task<JsonArray> ArgumentsAsync(string type, string field)
    {
        var response = await app.Factory.ClientFor("ana", "Analyst").PostGraphQLAsync(
            $"{{ __type(name: \"{type}\") {{ fields {{ name args {{ name }} }} }} }}");
        var fields = response.Data!["__type"]!["fields"]!.AsArray();
        return fields.Single(f => f!["name"]!.GetValue<string>() == field)!["args"]!.AsArray();
    }

    [Fact]
    public async Task NoArgumentOfMetricValuesOrUsageNamesAPerson()
    {
        var metricValues = await ArgumentsAsync("Query", "metricValues");
        var usage = await ArgumentsAsync("Viewer", "usage");
        var period = await app.Factory.ClientFor("ana", "Analyst").PostGraphQLAsync("{ __type(name: \"PeriodInput\") { inputFields { name } } }");

        Assert.Equal(["dimension", "groupBy", "metric", "period", "purpose", "scope"], metricValues.Select(a => a!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["dimension", "metric", "period"], usage.Select(a => a!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["from", "grain", "to"], period.Data!["__type"]!["inputFields"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Analyst")]
    [InlineData("Manager")]
    [InlineData("Leader")]
    public async Task AScopeNamingAPersonIsOutOfScope(string role)
    {
        var client = app.Factory.ClientFor("mona", role);

        var byObjectId = await client.MetricValuesAsync(new ValuesRequest("total_tokens", "TOOL_EVALUATION", Scope: TestTokens.ObjectIdFor("erin")));
        var byEmail = await client.MetricValuesAsync(new ValuesRequest("total_tokens", "TOOL_EVALUATION", Scope: "b1@acme.example"));

        byObjectId.AssertError("OUT_OF_SCOPE");
        byEmail.AssertError("OUT_OF_SCOPE");
    }

    [Fact]
    public async Task TwoEngineersEachSeeOnlyTheirOwnUsage()
    {
        var erinExpected = EvaluationData.Weeks.Select(w => (double)EvaluationData.TokensOf("erin", w, w.AddDays(6))).ToList();
        var ashExpected = EvaluationData.Weeks.Select(w => (double)EvaluationData.TokensOf("ash", w, w.AddDays(6))).ToList();
        Assert.All(erinExpected.Zip(ashExpected), pair => Assert.NotEqual(pair.First, pair.Second));

        var erin = await app.Factory.ClientFor("erin", "Engineer").PostGraphQLAsync(Usage("total_tokens"));
        var ash = await app.Factory.ClientFor("ash", "Engineer").PostGraphQLAsync(Usage("total_tokens"));

        Assert.True(erin.Errors.Count == 0, erin.ToString());
        Assert.True(ash.Errors.Count == 0, ash.ToString());
        Assert.Equal(erinExpected, erin.Data!["viewer"]!["usage"]!["points"]!.AsArray().Select(p => p!["value"]!.GetValue<double>()));
        Assert.Equal(ashExpected, ash.Data!["viewer"]!["usage"]!["points"]!.AsArray().Select(p => p!["value"]!.GetValue<double>()));
    }

    [Fact]
    public async Task OwnUsageWeekByWeekIsTheCallersAlone()
    {
        // b4 used no AI tool in week 4; the weekly values are b4's alone.
        var weeks = "{ grain: WEEK, from: \"2026-03-02\", to: \"2026-03-29\" }";

        var response = await app.Factory.ClientWithToken(TestTokens.Create("b4", ["Engineer"], objectId: "b4@acme.example")).PostGraphQLAsync(Usage("total_tokens", weeks));

        Assert.True(response.Errors.Count == 0, response.ToString());
        var values = response.Data!["viewer"]!["usage"]!["points"]!.AsArray().ToDictionary(p => p!["periodStart"]!.GetValue<string>(), p => p!["value"]?.GetValue<double>());
        foreach (var week in EvaluationData.Weeks.Take(3))
        {
            Assert.Equal(EvaluationData.TokensOf("b4", week, week.AddDays(6)), values[EvaluationData.Iso(week)]);
        }

        Assert.Contains(values.GetValueOrDefault("2026-03-23"), new double?[] { null, 0 });
    }

    [Theory]
    [InlineData("Manager")]
    [InlineData("Leader")]
    [InlineData("Analyst")]
    [InlineData("Auditor")]
    public async Task RolesWithoutSelfReflectionCannotReadUsageEvenTheirOwn(string role)
    {
        var response = await app.Factory.ClientFor("erin", role).PostGraphQLAsync(Usage("total_tokens"));

        Assert.Equal("PURPOSE_NOT_ALLOWED", response.FirstCode);
        Assert.DoesNotContain("\"value\"", response.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production_deployments")]
    [InlineData("ai_native_team_rate")]
    public async Task TeamMetricsHaveNoPersonalValues(string metric)
    {
        var response = await app.Factory.ClientFor("erin", "Engineer").PostGraphQLAsync(Usage(metric));

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("metric", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Manager")]
    [InlineData("Engineer")]
    public async Task TeamMetricsAreRefusedBeforePolicyAndNotAudited(string role)
    {
        // Having no personal values is a property of the metric: the answer is the same whether or not the
        // role may read for SELF_REFLECTION, and an input error is no read, so nothing is audited.
        var name = $"erin as {role} asks for own deployments";

        var response = await app.Factory.ClientAs("erin", name, role).PostGraphQLAsync(Usage("production_deployments"));

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("metric", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Empty(await app.Factory.AuditOfAsync(name));
    }

    [Fact]
    public async Task ReadingOwnUsageIsAuditedAsSelfReflectionOnSelf()
    {
        const string name = "ash reads own usage";

        await app.Factory.ClientAs("ash", name, "Engineer").PostGraphQLAsync(Usage("total_tokens"));

        var entry = Assert.Single(await app.Factory.AuditOfAsync(name))!;
        Assert.Equal(("READ_METRIC_VALUES", "SELF_REFLECTION"), (entry["action"]!.GetValue<string>(), entry["purpose"]!.GetValue<string>()));
        Assert.Equal(["self"], entry["scope"].Strings());
        Assert.StartsWith("total_tokens", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("self", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["total_tokens"], entry["metrics"].Strings());
        Assert.Equal(TestTokens.ObjectIdFor("ash"), entry["principalId"]!.GetValue<string>());
    }
}

public sealed class PersonalValuesTestsOnSqlite(EvaluationAppOnSqlite app) : PersonalValuesTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class PersonalValuesTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : PersonalValuesTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
