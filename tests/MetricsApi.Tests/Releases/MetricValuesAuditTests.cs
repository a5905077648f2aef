using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Every metricValues field is audited before the response leaves (invariant 6): one entry per
/// field, aliases included; denials with their rule; no response when the entry cannot be written.
/// Each test calls under its own display name and reads back only its own entries.
/// </summary>
public abstract class MetricValuesAuditTests(EvaluationApp app)
{
    private const string FirstWeek = "2026-03-02";
    private const string LastWeekEnd = "2026-03-29";

    [Fact]
    public async Task EachAliasLeavesItsOwnReadEntry()
    {
        const string name = "mona two aliases";
        var improve = new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e");
        var report = new ValuesRequest("total_tokens", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd, Scope: "org-data");

        var response = await app.Factory.ClientAs("mona", name, "Manager").PostGraphQLAsync("query Two { " + improve.Field("improve") + " " + report.Field("report") + " }");

        var entries = await app.Factory.AuditOfAsync(name);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("READ_METRIC_VALUES", e!["action"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(TestTokens.ObjectIdFor("mona"), e!["principalId"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(1, e!["policyVersion"]!.GetValue<int>()));

        var first = Assert.Single(entries, e => e!["purpose"]!.GetValue<string>() == "TEAM_IMPROVEMENT")!;
        var improved = response.Series("improve");
        Assert.Equal("ALLOWED", first["decision"]!.GetValue<string>());
        Assert.Equal(["production_deployments"], first["metrics"].Strings());
        Assert.Contains("team-e", first["scope"].Strings());
        // team-e (10 people) in the four weeks of March: nothing hidden.
        Assert.Equal((4, 0), (first["pointsServed"]!.GetValue<int>(), first["pointsSuppressed"]!.GetValue<int>()));
        Assert.Equal(0, improved["provenance"]!["pointsSuppressed"]!.GetValue<int>());

        // Guardrail points are served with the series, so they count as served (or suppressed) too.
        var second = Assert.Single(entries, e => e!["purpose"]!.GetValue<string>() == "PORTFOLIO_REPORTING")!;
        var reported = response.Series("report");
        var suppressed = reported["points"]!.AsArray().Concat(reported["guardrails"]!.AsArray().SelectMany(g => g!["points"]!.AsArray()))
            .Select(p => p!["suppressed"]!.GetValue<bool>()).ToList();
        Assert.Equal("PARTIALLY_SUPPRESSED", second["decision"]!.GetValue<string>());
        Assert.Contains("total_tokens", second["metrics"].Strings());
        Assert.Contains("deployments_per_engineer_weekly", second["metrics"].Strings());
        Assert.NotEmpty(second["scope"].Strings());
        Assert.Contains(true, suppressed);
        Assert.Equal(suppressed.Count(s => s), second["pointsSuppressed"]!.GetValue<int>());
        Assert.Equal(suppressed.Count(s => !s), second["pointsServed"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReadWithoutAScopeRecordsTheUnitsItCovered()
    {
        const string manager = "mona default scope";
        const string engineer = "erin default scope";
        var request = new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd);

        Assert.Null((await app.Factory.ClientAs("mona", manager, "Manager").MetricValuesAsync(request)).FirstCode);
        Assert.Null((await app.Factory.ClientAs("erin", engineer, "Engineer").MetricValuesAsync(request)).FirstCode);

        // The topmost units read, never a placeholder: mona manages org-data; erin belongs to team-a and team-w.
        Assert.Equal(["org-data"], (await app.Factory.AuditOfAsync(manager))[0]!["scope"].Strings());
        Assert.Equal(["team-a", "team-w"], (await app.Factory.AuditOfAsync(engineer))[0]!["scope"].Strings());
    }

    [Fact]
    public async Task SameFieldTwiceUnderTwoAliasesIsTwoReads()
    {
        const string name = "ana same field twice";
        var request = new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-b");

        var response = await app.Factory.ClientAs("ana", name, "Analyst").PostGraphQLAsync("{ " + request.Field("x") + " " + request.Field("y") + " }");

        Assert.Equal(response.Series("x").Points(), response.Series("y").Points());
        Assert.Equal(2, (await app.Factory.AuditOfAsync(name, "READ_METRIC_VALUES")).Count);
    }

    [Theory]
    [InlineData("total_tokens", "PERFORMANCE_REVIEW", null, "INVARIANT_PERSONAL_KIND_NOT_FOR_PERFORMANCE_REVIEW")]
    [InlineData("production_deployments", "PERFORMANCE_REVIEW", null, "METRIC_PURPOSE_NOT_ALLOWED")]
    [InlineData("production_deployments", "SELF_REFLECTION", null, "INVARIANT_SELF_REFLECTION_ONLY_FOR_OWN_VALUES")]
    [InlineData("production_deployments", "TEAM_IMPROVEMENT", "team-a", "OUT_OF_SCOPE")]
    [InlineData("production_deployments", "TEAM_IMPROVEMENT", "team-nowhere", "OUT_OF_SCOPE")]
    public async Task DeniedReadLeavesOneDeniedEntryWithTheRule(string metric, string purpose, string? scope, string rule)
    {
        var name = $"mona denied {metric} {purpose} {scope}";

        var response = await app.Factory.ClientAs("mona", name, "Manager").MetricValuesAsync(new ValuesRequest(metric, purpose, "WEEK", FirstWeek, LastWeekEnd, Scope: scope));

        response.AssertError(rule == "OUT_OF_SCOPE" ? "OUT_OF_SCOPE" : "PURPOSE_NOT_ALLOWED");
        var entry = Assert.Single(await app.Factory.AuditOfAsync(name))!;
        Assert.Equal(("DENIED", "DENIED", purpose), (entry["action"]!.GetValue<string>(), entry["decision"]!.GetValue<string>(), entry["purpose"]!.GetValue<string>()));
        Assert.Contains(rule, entry["ruleCodes"].Strings());
        Assert.Contains(metric, entry["metrics"].Strings());
        Assert.Null(entry["pointsServed"]);
    }

    [Fact]
    public async Task WhatACallerTypedThatIsNoKnownIdIsStoredAsAKeyedHash()
    {
        // A raw e-mail typed as scope, or as a metric key: Auditors read the log, so neither may be in it.
        const string name = "mona typed an e-mail";
        const string email = "Jane.Doe@example.com";
        var mona = app.Factory.ClientAs("mona", name, "Manager");

        var asScope = await mona.MetricValuesAsync(new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: email));
        var asMetric = await mona.MetricValuesAsync(new ValuesRequest(email, "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd));
        var again = await mona.MetricValuesAsync(new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: email));

        asScope.AssertError("OUT_OF_SCOPE");
        asMetric.AssertError("NOT_FOUND");
        again.AssertError("OUT_OF_SCOPE");
        var auditor = await app.Factory.Auditor().PostGraphQLAsync($"{{ auditLog(where: {{ principal: \"{name}\" }}) {{ nodes {{ {AuditClient.EntryFields} }} }} }}");
        var log = auditor.Body.ToJsonString();
        Assert.DoesNotContain("example.com", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("jane", log, StringComparison.OrdinalIgnoreCase);

        var entries = await app.Factory.AuditOfAsync(name);
        Assert.Equal(3, entries.Count);
        var scopes = entries.Where(e => e!["metrics"].Strings().Contains("production_deployments")).Select(e => Assert.Single(e!["scope"].Strings())).ToList();
        // The same text gives the same marker, so repeated probes still line up for an Auditor.
        Assert.Equal(2, scopes.Count);
        Assert.Equal(scopes[0], scopes[1]);
        Assert.Matches("^unknown:[0-9a-f]{16}$", scopes[0]);
        var metricEntry = Assert.Single(entries, e => !e!["metrics"].Strings().Contains("production_deployments"))!;
        Assert.Matches("^unknown:[0-9a-f]{16}$", Assert.Single(metricEntry["metrics"].Strings()));
        Assert.Equal(scopes[0], Assert.Single(metricEntry["metrics"].Strings()));

        // An Auditor who knows what to look for finds the probes by the text itself.
        var found = await app.Factory.Auditor().PostGraphQLAsync($"{{ auditLog(where: {{ principal: \"{name}\", metric: \"{email}\" }}) {{ totalCount }} }}");
        Assert.Equal(1, found.Data!["auditLog"]!["totalCount"]!.GetValue<int>());

        // Known ids are kept as they are.
        var known = await mona.MetricValuesAsync(new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-a"));
        known.AssertError("OUT_OF_SCOPE");
        Assert.Contains(await app.Factory.AuditOfAsync(name), e => e!["scope"].Strings().SequenceEqual(["team-a"]));
    }

    [Theory]
    [InlineData("engineer_nps_per_tool", "WEEK", "2026-03-02", "2026-03-29", null)]
    [InlineData("total_tokens", "MONTH", "2026-03-01", "2026-03-31", null)]
    [InlineData("total_tokens", "WEEK", "2026-03-29", "2026-03-02", null)]
    [InlineData("total_tokens", "WEEK", "2026-03-02", "2026-03-29", "model")]
    public async Task InputErrorsAreNotReadsAndAreNotAudited(string metric, string grain, string from, string to, string? dimension)
    {
        var name = $"ana bad input {metric} {grain} {from} {dimension}";

        var response = await app.Factory.ClientAs("ana", name, "Analyst").MetricValuesAsync(new ValuesRequest(metric, "TOOL_EVALUATION", grain, from, to, Dimension: dimension));

        response.AssertError("BAD_USER_INPUT");
        Assert.Empty(await app.Factory.AuditOfAsync(name));
    }

    [Fact]
    public async Task WhenTheAuditLogCannotBeWrittenNoValuesLeave()
    {
        await using var broken = await EvaluationApp.StartAsync(app.Kind);
        await broken.BreakAuditInsertsAsync();
        var mona = broken.ClientFor("mona", "Manager");

        var read = await mona.MetricValuesAsync(new ValuesRequest("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e"));
        var denied = await mona.MetricValuesAsync(new ValuesRequest("total_tokens", "PERFORMANCE_REVIEW", "WEEK", FirstWeek, LastWeekEnd));

        Assert.Equal((503, "AUDIT_UNAVAILABLE"), (read.Status, Assert.Single(read.ErrorCodes)));
        Assert.False(read.Body.ContainsKey("data"), read.ToString());
        Assert.DoesNotContain("team-e", read.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((503, "AUDIT_UNAVAILABLE"), (denied.Status, Assert.Single(denied.ErrorCodes)));
        Assert.False(denied.Body.ContainsKey("data"), denied.ToString());
    }

    [Fact]
    public async Task ReadEntriesHoldNoValues()
    {
        const string name = "ana no values in the log";
        var response = await app.Factory.ClientAs("ana", name, "Analyst").MetricValuesAsync(new ValuesRequest("total_tokens", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e"));
        var values = response.Series().Points().Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();

        var auditor = await app.Factory.Auditor().PostGraphQLAsync($"{{ auditLog(where: {{ principal: \"{name}\" }}) {{ nodes {{ {AuditClient.EntryFields} pointsServed pointsSuppressed }} }} }}");

        // team-e's weekly token totals are tens of thousands (ten people, over a thousand tokens each).
        Assert.NotEmpty(values);
        Assert.All(values, value => Assert.DoesNotContain(value.ToString(System.Globalization.CultureInfo.InvariantCulture), auditor.Body.ToJsonString(), StringComparison.Ordinal));
    }
}

public sealed class MetricValuesAuditTestsOnSqlite(EvaluationAppOnSqlite app) : MetricValuesAuditTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class MetricValuesAuditTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : MetricValuesAuditTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
