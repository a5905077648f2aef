using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.GoldenDataset;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// <c>viewer { usage }</c> over <see cref="GoldenDataset"/>: an engineer's own values, for
/// SELF_REFLECTION, without suppression, whatever team the events counted for. Weeks W1-W3
/// (2026-03-02 to 2026-03-22); nobody in the dataset has events in W3.
/// </summary>
public abstract class SelfUsageTests(GoldenApp app)
{
    private const string Usage = """
        query Usage($metric: String!, $period: PeriodInput!, $dimension: String) {
          viewer {
            usage(metric: $metric, period: $period, dimension: $dimension) {
              metric version purpose
              points { periodStart periodEnd complete dimensionValue value }
              provenance { metricVersion policyVersion computedAt }
            }
          }
        }
        """;

    [Fact]
    public async Task EngineerSeesExactlyTheirOwnUsagePerWeek()
    {
        var alice = app.Factory.ClientFor("alice", "Engineer");

        // alice is a1 of team-alpha. W1: Claude Code 1500 + 100, Codex 1000 + 100 = 2700 tokens; W2: 2000 + 100
        // = 2100; W3: nothing, so 0 (counts are 0 when nothing happened, ratios over zero people are null).
        var tokens = await UsageAsync(alice, "total_tokens");
        Assert.Equal(["2026-03-02 = 2700", "2026-03-09 = 2100", "2026-03-16 = 0"], Lines(tokens));
        Assert.Equal("total_tokens", tokens["metric"]!.GetValue<string>());
        Assert.Equal(1, tokens["version"]!.GetValue<int>());
        Assert.Equal("SELF_REFLECTION", tokens["purpose"]!.GetValue<string>());
        Assert.Equal(1, tokens["provenance"]!["metricVersion"]!.GetValue<int>());
        Assert.Equal(1, tokens["provenance"]!["policyVersion"]!.GetValue<int>());
        Assert.NotNull(tokens["provenance"]!["computedAt"]?.GetValue<string>());
        Assert.All(tokens["points"]!.AsArray(), p =>
        {
            Assert.True(p!["complete"]!.GetValue<bool>());
            Assert.Equal(DateOnly.Parse(p["periodStart"]!.GetValue<string>(), CultureInfo.InvariantCulture).AddDays(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p["periodEnd"]!.GetValue<string>());
        });

        Assert.Equal(["2026-03-02 = 1", "2026-03-09 = 1", "2026-03-16 = 0"], Lines(await UsageAsync(alice, "active_ai_users")));

        // 2700 / 1, 2100 / 1, 0 / 0.
        Assert.Equal(["2026-03-02 = 2700", "2026-03-09 = 2100", "2026-03-16 = null"], Lines(await UsageAsync(alice, "tokens_per_active_user")));

        // W1: Claude Code OUTPUT_ACCEPTED + Codex OUTPUT_ACCEPTED = 2; W2: one OUTPUT_ACCEPTED.
        Assert.Equal(["2026-03-02 = 2", "2026-03-09 = 1", "2026-03-16 = 0"], Lines(await UsageAsync(alice, "value_deriving_events")));
        Assert.Equal(["2026-03-02 = 2", "2026-03-09 = 1", "2026-03-16 = null"], Lines(await UsageAsync(alice, "value_events_per_active_user")));
    }

    [Fact]
    public async Task UsageByToolHasPointsOnlyForToolsUsedInThePeriod()
    {
        // alice: W1 Claude Code 1500 + 100 = 1600, Codex 1000 + 100 = 1100; W2 Claude Code 2000 + 100 = 2100; W3 nothing.
        var response = await UsageAsync(app.Factory.ClientFor("alice", "Engineer"), "total_tokens", "tool");

        Assert.Equal(["2026-03-02 Claude Code = 1600", "2026-03-02 Codex = 1100", "2026-03-09 Claude Code = 2100"], Lines(response));
    }

    [Fact]
    public async Task OwnUsageReadsAreAuditedWithTargetSelf()
    {
        var reader = app.Factory.ClientFor("olga", "Engineer");
        await UsageAsync(reader, "active_ai_users");

        var audit = await app.Factory.AuditEntriesAsync("{ action: READ_METRIC_VALUES }");

        // Scope "self"; the target names the metric, its version and the periods (W1..W3 here).
        var entry = Assert.Single(audit, e => e!["principalId"]?.GetValue<string>() == TestTokens.ObjectIdFor("olga"))!;
        Assert.Equal(["self"], entry["scope"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.StartsWith("active_ai_users", entry["target"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("self", entry["target"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SELF_REFLECTION", entry["purpose"]?.GetValue<string>());
        Assert.Equal(["active_ai_users"], entry["metrics"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task MoverSeesTheirUsageWhicheverTeamItCountedFor()
    {
        // mia: W1 600 (03-04, alpha) + 3000 + 200 (03-06, beta) = 3800; W2 1500 + 100 = 1600.
        var response = await UsageAsync(app.Factory.ClientFor("mia", "Engineer"), "total_tokens");

        Assert.Equal(["2026-03-02 = 3800", "2026-03-09 = 1600", "2026-03-16 = 0"], Lines(response));
    }

    [Fact]
    public async Task EngineerWithoutEventsSeesZerosNotSomeoneElsesValues()
    {
        var zed = app.Factory.ClientFor("zed", "Engineer");

        Assert.Equal(["2026-03-02 = 0", "2026-03-09 = 0", "2026-03-16 = 0"], Lines(await UsageAsync(zed, "total_tokens")));
        Assert.Equal(["2026-03-02 = 0", "2026-03-09 = 0", "2026-03-16 = 0"], Lines(await UsageAsync(zed, "active_ai_users")));
        Assert.Empty(Lines(await UsageAsync(zed, "total_tokens", "tool")));
    }

    [Fact]
    public async Task ManagerMayNotReadUsageForSelfReflection()
    {
        var response = await PostUsageAsync(app.Factory.ClientFor("mona", "Manager"), "total_tokens");

        Assert.Equal("PURPOSE_NOT_ALLOWED", response.FirstCode);
    }

    [Theory]
    [InlineData("deployments_per_engineer_weekly")]
    [InlineData("ai_native_team_rate")]
    public async Task TeamMetricsHaveNoPersonalValues(string metric)
    {
        var response = await PostUsageAsync(app.Factory.ClientFor("alice", "Engineer"), metric);

        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
        Assert.Equal("metric", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
    }

    private static Task<GraphQLResponse> PostUsageAsync(HttpClient client, string metric, string? dimension = null) =>
        client.PostGraphQLAsync(Usage, new { metric, period = new { grain = "WEEK", from = W1, to = "2026-03-22" }, dimension });

    private static async Task<JsonNode> UsageAsync(HttpClient client, string metric, string? dimension = null)
    {
        var response = await PostUsageAsync(client, metric, dimension);
        Assert.True(response.Status == 200 && response.Errors.Count == 0, $"{metric} {dimension}: {response}");
        return response.Data!["viewer"]!["usage"]!;
    }

    private static List<string> Lines(JsonNode usage) =>
        [.. usage["points"]!.AsArray().Select(p =>
            $"{p!["periodStart"]!.GetValue<string>()}{(p["dimensionValue"]?.GetValue<string>() is { } d ? " " + d : "")} = {GoldenClient.Format(p["value"]?.GetValue<double>())}")];
}

public sealed class SelfUsageTestsOnSqlite(GoldenSqliteApp app) : SelfUsageTests(app), IClassFixture<GoldenSqliteApp>;

public sealed class SelfUsageTestsOnPostgreSql(GoldenPostgreSqlApp app) : SelfUsageTests(app), IClassFixture<GoldenPostgreSqlApp>;
