using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>
/// A catalogue or policy step the service refuses (two-person rule, missing approval, wrong state,
/// invalid input, lowering a group size) is a DENIED entry naming the step, the metric, the rule
/// and who asked; nothing of the step is stored, and the chain still verifies.
/// </summary>
public abstract class RefusedStepAuditTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonNode> SingleDenialAsync(string rule)
    {
        var denials = (await _app.AuditEntriesAsync("{ action: DENIED }")).Where(e => e!["ruleCodes"]!.AsArray().Any(r => r!.GetValue<string>() == rule)).ToList();
        var entry = Assert.Single(denials)!;
        Assert.Equal("DENIED", entry["decision"]!.GetValue<string>());
        return entry;
    }

    [Fact]
    public async Task SelfApprovalIsADeniedEntry()
    {
        await _app.Steward().ProposeAsync(CatalogueClient.OutcomeInput("rollback_count"));
        await _app.Steward().StepAsync("submitMetricForReview", "rollback_count");

        var response = await _app.Steward().StepAsync("approveMetric", "rollback_count");

        Assert.Equal("SELF_APPROVAL_NOT_ALLOWED", response.FirstCode);
        var entry = await SingleDenialAsync("SELF_APPROVAL_NOT_ALLOWED");
        Assert.Equal(TestTokens.ObjectIdFor("Stella Steward"), entry["principalId"]!.GetValue<string>());
        Assert.Equal(["rollback_count"], entry["metrics"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.StartsWith("rollback_count approveMetric", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True((await _app.VerifyAsync())["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PublishingWithoutApprovalIsADeniedEntry()
    {
        await _app.Steward().ProposeAsync(CatalogueClient.OutcomeInput("rollback_count"));
        await _app.Steward().StepAsync("submitMetricForReview", "rollback_count");

        var response = await _app.Steward().StepAsync("publishMetric", "rollback_count");

        Assert.Equal("APPROVAL_MISSING", response.FirstCode);
        await SingleDenialAsync("APPROVAL_MISSING");
    }

    [Fact]
    public async Task StepInTheWrongStateIsADeniedEntry()
    {
        await _app.Steward().ProposeAsync(CatalogueClient.OutcomeInput("rollback_count"));

        var response = await _app.Steward().StepAsync("publishMetric", "rollback_count");

        Assert.Equal("INVALID_TRANSITION", response.FirstCode);
        await SingleDenialAsync("INVALID_TRANSITION");
        var metric = await _app.MetricAsync("rollback_count", "latest { status }");
        Assert.Equal("DRAFT", metric["latest"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidProposalAndUnknownMetricAreDeniedEntries()
    {
        var invalid = await _app.Steward().ProposeAsync(CatalogueClient.OutcomeInput("production_deployments"));
        var unknown = await _app.Steward().StepAsync("submitMetricForReview", "no_such_metric");

        Assert.Equal(("BAD_USER_INPUT", "NOT_FOUND"), (invalid.FirstCode, unknown.FirstCode));
        await SingleDenialAsync("BAD_USER_INPUT");
        // A key that names no metric is what the caller typed: stored as a keyed hash, never verbatim.
        var target = (await SingleDenialAsync("NOT_FOUND"))["target"]!.GetValue<string>();
        Assert.Matches("^unknown:[0-9a-f]{16} submitMetricForReview", target);
        Assert.DoesNotContain("no_such_metric", target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedPolicyChangeIsADeniedEntryAndNoNewVersion()
    {
        var response = await _app.ClientFor("priya", "PrivacyOfficer").PostGraphQLAsync("mutation { updatePolicy(input: { minGroupSize: 3, reason: \"smaller teams\" }) { version } }");

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        var entry = await SingleDenialAsync("BAD_USER_INPUT");
        Assert.StartsWith("updatePolicy", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        var policy = await _app.ClientFor("reader", "Engineer").PostGraphQLAsync("{ policy { version } }");
        Assert.Equal(1, policy.Data!["policy"]!["version"]!.GetValue<int>());
        Assert.True((await _app.VerifyAsync())["ok"]!.GetValue<bool>());
    }
}

public sealed class RefusedStepAuditTestsOnSqlite() : RefusedStepAuditTests(DatabaseKind.Sqlite);

public sealed class RefusedStepAuditTestsOnPostgreSql() : RefusedStepAuditTests(DatabaseKind.PostgreSql);
