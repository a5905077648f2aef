using System.Text.Json.Nodes;
using MetricsApi.Features.Catalogue;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Features.Catalogue;

/// <summary>The metric catalogue through the real endpoint, on a fresh database per test.</summary>
public abstract class CatalogueTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly string[] StandardKeys =
    [
        "deployments_per_engineer_weekly", "deployment_days_weekly", "median_lead_time", "change_failure_rate", "median_time_to_restore",
        "weekly_active_ai_users", "monthly_active_users_per_tool", "ai_native_team_rate", "licence_utilisation",
        "value_events_per_active_user", "tokens_per_active_user", "engineer_nps_per_tool",
    ];

    protected MetricsApiFactory App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await MetricsApiFactory.CreateAsync(kind);

    public async Task DisposeAsync() => await App.DisposeAsync();

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    [Fact]
    public async Task StandardCatalogueIsPublishedOnAFreshStartByTheSystemIdentity()
    {
        var response = await App.ClientFor("reader", "Engineer").PostGraphQLAsync("{ metrics(first: 200) { totalCount nodes { key current { status authorId description guardrails kind allowedPurposes } } } }");
        var nodes = response.Data!["metrics"]!["nodes"]!.AsArray();
        var entries = await App.AuditEntriesAsync("{ action: CATALOGUE_CHANGE }");

        Assert.All(StandardKeys, key => Assert.Contains(nodes, n => Text(n!, "key") == key));
        Assert.All(nodes, n => Assert.Equal(("PUBLISHED", "system:metricsapi"), (Text(n!["current"]!, "status"), Text(n["current"]!, "authorId"))));
        Assert.All(nodes, n => Assert.True(Text(n!["current"]!, "description").Length > 80));
        Assert.All(nodes.Where(n => Text(n!["current"]!, "kind") is "ACTIVITY" or "ADOPTION"), n => Assert.NotEmpty(n!["current"]!["guardrails"]!.AsArray()));
        Assert.DoesNotContain(nodes, n => n!["current"]!["allowedPurposes"]!.AsArray().Any(p => p!.GetValue<string>() == "PERFORMANCE_REVIEW"));
        Assert.Equal(nodes.Count, entries.Count);
        Assert.All(entries, e => Assert.Equal("system:metricsapi", Text(e!, "principalId")));
    }

    [Theory]
    [InlineData("source", "\"commits\"", "definition.source")]
    [InlineData("field", "\"colour\"", "definition.field")]
    [InlineData("aggregationOnText", "", "definition.field")]
    [InlineData("minGroupSize", "4", "minGroupSize")]
    [InlineData("filterOnPerson", "", "definition.filters[0].field")]
    [InlineData("badEnumValue", "", "definition.filters[0].values")]
    [InlineData("filterOnTime", "", "definition.filters[0].field")]
    [InlineData("volumeAtTwoGrains", "", "grains")]
    [InlineData("noGuardrailAtTheGrain", "", "guardrails")]
    [InlineData("usageLabelledOutcome", "", "kind")]
    [InlineData("ratioOfUsageLabelledOutcome", "", "kind")]
    [InlineData("ratioAtAGrainItsInputLacks", "", "grains")]
    public async Task InvalidDefinitionsAreBadUserInputNamingTheField(string change, string value, string field)
    {
        var input = CatalogueClient.OutcomeInput();
        var definition = input["definition"]!.AsObject();
        switch (change)
        {
            case "source": definition["source"] = JsonNode.Parse(value); break;
            case "field": definition["aggregation"] = "SUM"; definition["field"] = JsonNode.Parse(value); break;
            case "aggregationOnText": definition["aggregation"] = "SUM"; definition["field"] = "service"; break;
            case "minGroupSize": input["minGroupSize"] = JsonNode.Parse(value); break;
            case "filterOnPerson": definition["source"] = "ai_usage"; definition["filters"] = new JsonArray(new JsonObject { ["field"] = "person", ["op"] = "EQ", ["values"] = new JsonArray("x") }); break;
            case "badEnumValue": definition["filters"]![0]!["values"] = new JsonArray("EXPLODED"); break;
            case "filterOnTime": definition["filters"] = new JsonArray(new JsonObject { ["field"] = "finishedAt", ["op"] = "LT", ["values"] = new JsonArray("2026-03-04T12:00:00Z") }); break;
            case "volumeAtTwoGrains":
                input = CatalogueClient.ActivityInput();
                input["grains"] = new JsonArray("WEEK", "MONTH");
                input["guardrails"] = new JsonArray("deployments_per_engineer_weekly", "median_lead_time");
                break;
            case "noGuardrailAtTheGrain": input = CatalogueClient.ActivityInput(); input["grains"] = new JsonArray("MONTH"); break;
            case "usageLabelledOutcome": input["definition"] = new JsonObject { ["source"] = "ai_usage", ["aggregation"] = "SUM", ["field"] = "totalTokens" }; break;
            case "ratioOfUsageLabelledOutcome": input["definition"] = new JsonObject { ["aggregation"] = "RATIO", ["numerator"] = "total_tokens", ["denominator"] = "production_deployments" }; break;
            case "ratioAtAGrainItsInputLacks":
                input["grains"] = new JsonArray("MONTH");
                input["definition"] = new JsonObject { ["aggregation"] = "RATIO", ["numerator"] = "total_tokens", ["denominator"] = "active_ai_users" };
                break;
        }

        var response = await App.Steward().ProposeAsync(input);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal(field, response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task ActivityMetricAllowingPerformanceReviewIsRefusedWithTheReason()
    {
        var input = CatalogueClient.ActivityInput();
        input["allowedPurposes"] = new JsonArray("TOOL_EVALUATION", "PERFORMANCE_REVIEW");

        var response = await App.Steward().ProposeAsync(input);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("allowedPurposes", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Contains("invariant 1", response.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("active_ai_users")]
    public async Task ActivityMetricWithoutAnOutcomeGuardrailIsRefused(string? guardrail)
    {
        var input = CatalogueClient.ActivityInput();
        input["guardrails"] = guardrail is null ? new JsonArray() : new JsonArray(guardrail);

        var response = await App.Steward().ProposeAsync(input);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("guardrails", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task AVolumeOfEventsAnotherMetricCountsAtAnotherGrainIsRefused()
    {
        // total_tokens (standard) sums the same ai_usage tokens by WEEK: a MONTH metric of them would give a hidden
        // week back as March minus the weeks inside it, across the two metrics.
        var monthly = CatalogueClient.ActivityInput("monthly_tokens");
        monthly["grains"] = new JsonArray("MONTH");
        monthly["guardrails"] = new JsonArray("median_lead_time");
        monthly["definition"] = new JsonObject { ["source"] = "ai_usage", ["aggregation"] = "SUM", ["field"] = "totalTokens" };

        var refused = await App.Steward().ProposeAsync(monthly);

        Assert.Equal("BAD_USER_INPUT", refused.FirstCode);
        Assert.Equal("grains", refused.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Contains("total_tokens counts the same events at WEEK", refused.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same events at the same grain are another view of the same weekly table: accepted.
        var weekly = CatalogueClient.ActivityInput("weekly_tokens");
        weekly["definition"] = monthly["definition"]!.DeepClone();
        Assert.Null((await App.Steward().ProposeAsync(weekly)).FirstCode);
    }

    [Fact]
    public async Task RatioCyclesAreRefused()
    {
        var first = new JsonObject { ["aggregation"] = "RATIO", ["numerator"] = "incident_causing_deployments", ["denominator"] = "production_deployments" };
        var a = CatalogueClient.OutcomeInput("ratio_a");
        a["definition"] = first;
        Assert.Null((await App.Steward().ProposeAsync(a)).FirstCode);
        var b = CatalogueClient.OutcomeInput("ratio_b");
        b["definition"] = new JsonObject { ["aggregation"] = "RATIO", ["numerator"] = "ratio_a", ["denominator"] = "production_deployments" };
        Assert.Null((await App.Steward().ProposeAsync(b)).FirstCode);

        a["definition"] = new JsonObject { ["aggregation"] = "RATIO", ["numerator"] = "ratio_b", ["denominator"] = "production_deployments" };
        var response = await App.Steward().ReviseAsync(a);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("definition.numerator", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Contains("cycle", response.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutcomeMetricGoesFromDraftThroughReviewToPublishedWithASecondSteward()
    {
        await App.ReviewedAsync(CatalogueClient.OutcomeInput());

        var published = await App.Steward().StepAsync("publishMetric", "rollback_count");

        Assert.Null(published.FirstCode);
        Assert.Equal("PUBLISHED", Text(published.Data!["publishMetric"]!, "status"));
        var approval = Assert.Single(published.Data!["publishMetric"]!["approvals"]!.AsArray())!;
        Assert.Equal(("Second Steward", "METRIC_STEWARD"), (Text(approval, "approverName"), Text(approval, "role")));
        var changes = (await App.AuditEntriesAsync("{ action: CATALOGUE_CHANGE, metric: \"rollback_count\" }")).Select(e => e!["ruleCodes"]![0]!.GetValue<string>());
        Assert.Equal(["PUBLISHED", "APPROVED", "SUBMITTED", "PROPOSED"], changes);
    }

    [Fact]
    public async Task AuthorCannotApproveTheirOwnDraft()
    {
        await App.Steward().ProposeAsync(CatalogueClient.OutcomeInput());
        await App.Steward().StepAsync("submitMetricForReview", "rollback_count");

        var response = await App.Steward().StepAsync("approveMetric", "rollback_count");
        var publish = await App.Steward().StepAsync("publishMetric", "rollback_count");

        Assert.Equal("SELF_APPROVAL_NOT_ALLOWED", response.FirstCode);
        Assert.Equal("APPROVAL_MISSING", publish.FirstCode);
    }

    [Fact]
    public async Task ActivityMetricNeedsAPrivacyOfficerToo()
    {
        await App.ReviewedAsync(CatalogueClient.ActivityInput());

        var withoutPrivacy = await App.Steward().StepAsync("publishMetric", "accepted_outputs");
        await App.Privacy().StepAsync("approveMetric", "accepted_outputs");
        var withPrivacy = await App.Steward().StepAsync("publishMetric", "accepted_outputs");

        Assert.Equal("APPROVAL_MISSING", withoutPrivacy.FirstCode);
        Assert.Contains("PrivacyOfficer", withoutPrivacy.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PUBLISHED", Text(withPrivacy.Data!["publishMetric"]!, "status"));
    }

    [Fact]
    public async Task RejectionSendsTheVersionBackToDraftWithItsReasonAndWithdrawsApprovals()
    {
        await App.ReviewedAsync(CatalogueClient.OutcomeInput());

        var rejected = await App.Privacy().StepAsync("rejectMetric", "rollback_count", ", reason: \"Count rollbacks per service, not per team.\"");

        Assert.Equal("DRAFT", Text(rejected.Data!["rejectMetric"]!, "status"));
        Assert.Equal("Count rollbacks per service, not per team.", Text(rejected.Data!["rejectMetric"]!, "rejectionReason"));
        Assert.Empty(rejected.Data!["rejectMetric"]!["approvals"]!.AsArray());
    }

    [Theory]
    [InlineData("publishMetric")]
    [InlineData("approveMetric")]
    [InlineData("rejectMetric")]
    public async Task StepsOutOfOrderAreInvalidTransitions(string step)
    {
        await App.Steward().ProposeAsync(CatalogueClient.OutcomeInput());

        var response = await App.Steward("Second Steward").StepAsync(step, "rollback_count", step == "rejectMetric" ? ", reason: \"x\"" : "");

        Assert.Equal("INVALID_TRANSITION", response.FirstCode);
    }

    [Fact]
    public async Task EditingAPublishedMetricCreatesTheNextVersionAndTheOldOneStaysCurrent()
    {
        var input = CatalogueClient.OutcomeInput();
        await App.ReviewedAsync(input);
        await App.Steward().StepAsync("publishMetric", "rollback_count");
        input["description"] = "Production deployments rolled back in the period, per ISO week.";
        input["reason"] = "Say which weeks.";

        var revised = await App.Steward().ReviseAsync(input);
        var metric = await App.MetricAsync("rollback_count");

        Assert.Equal((2, "DRAFT"), (revised.Data!["reviseMetric"]!["number"]!.GetValue<int>(), Text(revised.Data!["reviseMetric"]!, "status")));
        Assert.Equal(1, metric["current"]!["number"]!.GetValue<int>());
        Assert.Equal(2, metric["latest"]!["number"]!.GetValue<int>());
        Assert.Equal("Production deployments rolled back in the period.", Text(metric["versions"]![0]!, "description"));

        Assert.Null((await App.Steward().StepAsync("submitMetricForReview", "rollback_count")).FirstCode);
        Assert.Null((await App.Steward("Second Steward").StepAsync("approveMetric", "rollback_count")).FirstCode);
        Assert.Null((await App.Steward().StepAsync("publishMetric", "rollback_count")).FirstCode);
        Assert.Equal(2, (await App.MetricAsync("rollback_count"))["current"]!["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task RevisingAVersionInReviewIsRefused()
    {
        var input = CatalogueClient.OutcomeInput();
        await App.ReviewedAsync(input);

        var response = await App.Steward().ReviseAsync(input);

        Assert.Equal("INVALID_TRANSITION", response.FirstCode);
    }

    [Fact]
    public async Task PublishedVersionsNeverChangeInTheModel()
    {
        var error = await Record.ExceptionAsync(() => App.WithDbAsync(async db =>
        {
            var version = await db.Set<MetricVersion>().FirstAsync(v => v.MetricKey == "median_lead_time");
            version.Description = "rewritten";
            return await db.SaveChangesAsync();
        }));

        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public async Task DiffListsTheChangedFieldsBetweenVersions()
    {
        var input = CatalogueClient.OutcomeInput();
        await App.ReviewedAsync(input);
        await App.Steward().StepAsync("publishMetric", "rollback_count");
        input["description"] = "Changed.";
        input["definition"]!["filters"]![0]!["values"] = new JsonArray("FAILED");
        await App.Steward().ReviseAsync(input);

        var diff = (await App.MetricAsync("rollback_count", "diff(from: 1, to: 2) { field from to }"))["diff"]!.AsArray();

        Assert.Equal(["definition.filters", "description"], diff.Select(c => Text(c!, "field")).Order(StringComparer.Ordinal));
        Assert.Contains("ROLLED_BACK", Text(diff.Single(c => Text(c!, "field") == "definition.filters")!, "from"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeprecatedMetricStaysReadableAndNamesItsReplacement()
    {
        var response = await App.Steward().PostGraphQLAsync("mutation { deprecateMetric(key: \"monthly_active_users_per_tool\", replacement: \"active_ai_users\", sunsetDate: \"2099-01-01\", reason: \"Use active_ai_users by month and tool.\") { status replacement sunsetDate } }");
        var metric = await App.MetricAsync("monthly_active_users_per_tool", "deprecated current { status replacement }");
        var unknown = await App.Steward().PostGraphQLAsync("mutation { deprecateMetric(key: \"median_lead_time\", replacement: \"nope\", sunsetDate: \"2099-01-01\", reason: \"x\") { status } }");

        Assert.Equal("DEPRECATED", Text(response.Data!["deprecateMetric"]!, "status"));
        Assert.True(metric["deprecated"]!.GetValue<bool>());
        Assert.Equal("active_ai_users", Text(metric["current"]!, "replacement"));
        Assert.Equal("BAD_USER_INPUT", unknown.FirstCode);
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("PrivacyOfficer")]
    [InlineData("Auditor")]
    public async Task OnlyStewardsMayProposeButEveryoneMayRead(string role)
    {
        var propose = await App.ClientFor("someone", role).ProposeAsync(CatalogueClient.OutcomeInput());
        var read = await App.ClientFor("someone", role).PostGraphQLAsync("{ metric(key: \"median_lead_time\") { current { name } } }");

        Assert.Equal("FORBIDDEN", propose.FirstCode);
        Assert.Equal(200, read.Status);
    }

    [Fact]
    public async Task UnknownMetricIsNotFound()
    {
        var response = await App.ClientFor("someone", "Engineer").PostGraphQLAsync("{ metric(key: \"nope\") { key } }");

        Assert.Equal("NOT_FOUND", response.FirstCode);
    }

    [Fact]
    public async Task MetricsCanBeFilteredAndPaged()
    {
        var client = App.ClientFor("someone", "Analyst");
        var activity = await client.PostGraphQLAsync("{ metrics(where: { kind: ACTIVITY }) { nodes { key } } }");
        var text = await client.PostGraphQLAsync("{ metrics(where: { text: \"DORA\" }) { nodes { key } } }");
        var page = await client.PostGraphQLAsync("{ metrics(first: 2) { pageInfo { hasNextPage endCursor } nodes { key } } }");
        var next = await client.PostGraphQLAsync("query($after: String) { metrics(first: 2, after: $after) { nodes { key } } }", new { after = page.Data!["metrics"]!["pageInfo"]!["endCursor"]!.GetValue<string>() });

        Assert.Equal(["tokens_per_active_user", "total_tokens", "value_deriving_events", "value_events_per_active_user"], activity.Data!["metrics"]!["nodes"]!.AsArray().Select(n => Text(n!, "key")).Order(StringComparer.Ordinal));
        Assert.Contains(text.Data!["metrics"]!["nodes"]!.AsArray(), n => Text(n!, "key") == "change_failure_rate");
        Assert.Equal(["active_ai_users", "ai_native_team_rate"], page.Data!["metrics"]!["nodes"]!.AsArray().Select(n => Text(n!, "key")));
        Assert.Equal(["change_failure_rate", "deployment_days_weekly"], next.Data!["metrics"]!["nodes"]!.AsArray().Select(n => Text(n!, "key")));
    }
}

public sealed class CatalogueTestsOnSqlite() : CatalogueTests(DatabaseKind.Sqlite);

public sealed class CatalogueTestsOnPostgreSql() : CatalogueTests(DatabaseKind.PostgreSql);
