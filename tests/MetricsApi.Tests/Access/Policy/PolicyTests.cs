using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Features.Org;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Access.Policy;

/// <summary>Policy as versioned data, and explainAccess, through the endpoint.</summary>
public abstract class PolicyTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MetricsApiFactory.CreateAsync(kind);
        await OrgFixtureData.SeedAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Privacy => _app.ClientFor("Priya Privacy", "PrivacyOfficer");

    private const string Update = "mutation($input: PolicyInput!) { updatePolicy(input: $input) { version minGroupSize metricMinGroupSizes { metric minGroupSize } rolePurposes { role purposes } } }";

    [Fact]
    public async Task EveryoneCanReadThePolicyAndItsInvariants()
    {
        var response = await _app.ClientFor("someone", "Engineer").PostGraphQLAsync("{ policy { version minGroupSize invariants rolePurposes { role purposes } } }");

        Assert.Equal(1, response.Data!["policy"]!["version"]!.GetValue<int>());
        Assert.Equal(5, response.Data!["policy"]!["minGroupSize"]!.GetValue<int>());
        Assert.Equal(7, response.Data!["policy"]!["invariants"]!.AsArray().Count);
    }

    [Fact]
    public async Task PrivacyOfficerRaisesTheGroupSizeAsANewAuditedVersion()
    {
        var response = await Privacy.PostGraphQLAsync(Update, new { input = new { minGroupSize = 7, metricMinGroupSizes = new[] { new { metric = "tokens_per_active_user", minGroupSize = 10 } }, reason = "Works council asked for 7." } });
        var explain = await _app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ a: explainAccess(metric: \"median_lead_time\", purpose: PORTFOLIO_REPORTING) { minGroupSize policyVersion } b: explainAccess(metric: \"tokens_per_active_user\", purpose: TOOL_EVALUATION) { minGroupSize } }");
        var entry = Assert.Single(await _app.AuditEntriesAsync("{ action: POLICY_CHANGE }"))!;

        Assert.Equal((2, 7), (response.Data!["updatePolicy"]!["version"]!.GetValue<int>(), response.Data!["updatePolicy"]!["minGroupSize"]!.GetValue<int>()));
        Assert.Equal((7, 2), (explain.Data!["a"]!["minGroupSize"]!.GetValue<int>(), explain.Data!["a"]!["policyVersion"]!.GetValue<int>()));
        Assert.Equal(10, explain.Data!["b"]!["minGroupSize"]!.GetValue<int>());
        Assert.Equal(2, entry["policyVersion"]!.GetValue<int>());
        Assert.Equal(TestTokens.ObjectIdFor("Priya Privacy"), entry["principalId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(4, "minGroupSize")]
    [InlineData(null, "metricMinGroupSizes")]
    public async Task LoweringAGroupSizeIsRefused(int? minGroupSize, string field)
    {
        var response = await Privacy.PostGraphQLAsync(Update, new
        {
            input = new { minGroupSize, metricMinGroupSizes = field == "metricMinGroupSizes" ? new[] { new { metric = "total_tokens", minGroupSize = 3 } } : null, reason = "Try." },
        });

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal(field, response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Equal(1, (await _app.ClientFor("x", "Engineer").PostGraphQLAsync("{ policy { version } }")).Data!["policy"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task LoweringAfterRaisingIsRefusedToo()
    {
        await Privacy.PostGraphQLAsync(Update, new { input = new { minGroupSize = 8, reason = "Raise." } });

        var response = await Privacy.PostGraphQLAsync(Update, new { input = new { minGroupSize = 6, reason = "Lower." } });

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Contains("only be raised", response.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisclosureRulesHaveDocumentedDefaultsAndOnlyGetStricter()
    {
        const string Rules = "mutation($input: PolicyInput!) { updatePolicy(input: $input) { version dominancePercent protectionPercent } }";
        var before = await _app.ClientFor("someone", "Engineer").PostGraphQLAsync("{ policy { dominancePercent protectionPercent } }");
        Assert.Equal((10, 10), (before.Data!["policy"]!["dominancePercent"]!.GetValue<int>(), before.Data!["policy"]!["protectionPercent"]!.GetValue<int>()));

        var raised = await Privacy.PostGraphQLAsync(Rules, new { input = new { dominancePercent = 20, protectionPercent = 15, reason = "Stricter after the token review." } });
        Assert.True(raised.Errors.Count == 0, raised.ToString());
        Assert.Equal((2, 20, 15), (raised.Data!["updatePolicy"]!["version"]!.GetValue<int>(), raised.Data!["updatePolicy"]!["dominancePercent"]!.GetValue<int>(), raised.Data!["updatePolicy"]!["protectionPercent"]!.GetValue<int>()));

        foreach (var (field, input) in new (string, object)[]
        {
            ("dominancePercent", new { dominancePercent = 15, reason = "Lower." }),
            ("protectionPercent", new { protectionPercent = 5, reason = "Lower." }),
            ("protectionPercent", new { protectionPercent = 101, reason = "Past everything." }),
        })
        {
            var refused = await Privacy.PostGraphQLAsync(Rules, new { input });
            Assert.Equal("BAD_USER_INPUT", refused.FirstCode);
            Assert.Equal(field, refused.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        }

        Assert.Equal(2, (await _app.ClientFor("x", "Engineer").PostGraphQLAsync("{ policy { version } }")).Data!["policy"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task MetricNamedTwiceInOneChangeIsBadUserInput()
    {
        var response = await Privacy.PostGraphQLAsync(Update, new
        {
            input = new { metricMinGroupSizes = new[] { new { metric = "total_tokens", minGroupSize = 7 }, new { metric = "total_tokens", minGroupSize = 9 } }, reason = "Twice." },
        });

        Assert.Equal(("BAD_USER_INPUT", "metricMinGroupSizes"), (response.FirstCode, response.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RoleNamedTwiceInOneChangeIsBadUserInput()
    {
        var response = await Privacy.PostGraphQLAsync(Update, new
        {
            input = new { rolePurposes = new[] { new { role = "ANALYST", purposes = new[] { "PORTFOLIO_REPORTING" } }, new { role = "ANALYST", purposes = new[] { "TOOL_EVALUATION" } } }, reason = "Twice." },
        });

        Assert.Equal(("BAD_USER_INPUT", "rolePurposes"), (response.FirstCode, response.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("MetricSteward")]
    [InlineData("Auditor")]
    public async Task OnlyPrivacyOfficersUpdatePolicy(string role)
    {
        var response = await _app.ClientFor("x", role).PostGraphQLAsync(Update, new { input = new { minGroupSize = 9, reason = "Mine." } });

        Assert.Equal("FORBIDDEN", response.FirstCode);
    }

    [Fact]
    public async Task ManagerAskingForASiblingTeamIsOutOfScopeLikeAnUnknownUnit()
    {
        var client = _app.ClientFor("mona", "Manager");

        var own = await client.PostGraphQLAsync("{ explainAccess(metric: \"median_lead_time\", purpose: TEAM_IMPROVEMENT, scope: \"team-etl\") { allowed code } }");
        var sibling = await client.PostGraphQLAsync("{ explainAccess(metric: \"median_lead_time\", purpose: TEAM_IMPROVEMENT, scope: \"team-api\") { allowed code explanation } }");
        var unknown = await client.PostGraphQLAsync("{ explainAccess(metric: \"median_lead_time\", purpose: TEAM_IMPROVEMENT, scope: \"team-nowhere\") { allowed code explanation } }");

        Assert.True(own.Data!["explainAccess"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("OUT_OF_SCOPE", sibling.Data!["explainAccess"]!["code"]!.GetValue<string>());
        Assert.Equal(sibling.Data!["explainAccess"]!.ToJsonString(), unknown.Data!["explainAccess"]!.ToJsonString());
    }

    [Fact]
    public async Task ExplainAccessRefusesActivityForPerformanceReviewEvenForLeaders()
    {
        var response = await _app.ClientFor("leo", "Leader").PostGraphQLAsync("{ explainAccess(metric: \"tokens_per_active_user\", purpose: PERFORMANCE_REVIEW) { allowed code ruleCodes guardrails } }");

        Assert.False(response.Data!["explainAccess"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("PURPOSE_NOT_ALLOWED", response.Data!["explainAccess"]!["code"]!.GetValue<string>());
        Assert.Contains("deployments_per_engineer_weekly", response.Data!["explainAccess"]!["guardrails"]!.AsArray().Select(g => g!.GetValue<string>()));
    }
}

public sealed class PolicyTestsOnSqlite() : PolicyTests(DatabaseKind.Sqlite);

public sealed class PolicyTestsOnPostgreSql() : PolicyTests(DatabaseKind.PostgreSql);
