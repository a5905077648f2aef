using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// Once a period is released, nothing that arrives later changes what is served for it: not a late
/// event, not a leave recorded late, not a reorganisation; not in its releases, and not in releases
/// built later for it (another metric over the same data, a policy change). Late records are counted
/// in provenance. Each test reads before and after, as a reader with legitimate access would to
/// difference the two.
/// </summary>
public abstract class HistoryCannotBeRewrittenTests(DatabaseKind kind)
{
    private const string Selection = "points { groupId periodStart value suppressed suppressionReason releaseId } provenance { releases { id periodStart revision lateRecords } }";

    private static ValuesRequest Tokens(string groupBy) => new("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week2End, GroupBy: groupBy);

    private static ValuesRequest PerEngineer(string groupBy) => new("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", "WEEK", Week1, Week2End, GroupBy: groupBy);

    private static async Task<Dictionary<(string Group, string Period), double?>> ValuesAsync(MetricsApiFactory app, ValuesRequest request)
    {
        var response = await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + request.Field(selection: Selection) + " }");
        var points = response.Series()["points"]!.AsArray();
        Assert.All(points, p => Assert.False(p!["suppressed"]!.GetValue<bool>(), p!.ToJsonString()));
        return points.ToDictionary(p => (p!["groupId"]!.GetValue<string>(), p["periodStart"]!.GetValue<string>()), p => p!["value"]?.GetValue<double>());
    }

    private static async Task<Dictionary<(string, string), double?>> AllLevelsAsync(MetricsApiFactory app, Func<string, ValuesRequest> request)
    {
        var values = new Dictionary<(string, string), double?>();
        foreach (var level in new[] { "TEAM", "ORG", "COMPANY" })
        {
            foreach (var (cell, value) in await ValuesAsync(app, request(level)))
            {
                values[cell] = value;
            }
        }

        return values;
    }

    private static async Task<JsonArray> ReleasesAsync(MetricsApiFactory app, ValuesRequest request)
    {
        var response = await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + request.Field(selection: Selection) + " }");
        return response.Series()["provenance"]!["releases"]!.AsArray();
    }

    [Fact]
    public async Task ALateEventIsCountedButNeverChangesAReleasedPeriod()
    {
        await using var app = await StartAsync(kind);
        var before = await AllLevelsAsync(app, Tokens);

        var late = await app.Ingestor().PostNdjsonAsync(Use("late-q1", "q1", Week1, 5000));
        Assert.Equal(1, late.Accepted);
        await app.BuildReleasesAsync();
        // A metric published afterwards counts the same tokens: it is built from the period's data as released.
        await PublishCopyAsync(app, "tokens_published_later", TokensDefinition());
        await app.BuildReleasesAsync();

        Assert.Equal(before, await AllLevelsAsync(app, Tokens));
        Assert.Equal(before, await AllLevelsAsync(app, level => Tokens(level) with { Metric = "tokens_published_later" }));
        var releases = await ReleasesAsync(app, Tokens("TEAM"));
        Assert.Equal([1, 0], releases.Select(r => r!["lateRecords"]!.GetValue<int>()));
        Assert.All(releases, r => Assert.Equal(1, r!["revision"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ALeaveRecordedLateNeverChangesAReleasedPeriod()
    {
        await using var app = await StartAsync(kind);
        var before = await AllLevelsAsync(app, PerEngineer);
        var tokensBefore = await AllLevelsAsync(app, Tokens);

        // p1 "left at the end of February", recorded only now: in March they would be nobody's.
        var leave = await app.Ingestor().PostNdjsonAsync(Membership("m-p1-left", person: Person("p1"), team: "team-p", validFrom: "2026-01-01", validTo: "2026-03-01"));
        Assert.Equal(1, leave.Accepted);
        await app.BuildReleasesAsync();
        await PublishCopyAsync(app, "deploys_per_engineer_later", DeploymentsPerEngineerDefinition(), kind: "OUTCOME", perTool: false);
        await PublishCopyAsync(app, "tokens_published_later", TokensDefinition());
        await app.BuildReleasesAsync();

        Assert.Equal(before, await AllLevelsAsync(app, PerEngineer));
        Assert.Equal(before, await AllLevelsAsync(app, level => PerEngineer(level) with { Metric = "deploys_per_engineer_later" }));
        Assert.Equal(tokensBefore, await AllLevelsAsync(app, level => Tokens(level) with { Metric = "tokens_published_later" }));
        Assert.All(await ReleasesAsync(app, PerEngineer("TEAM")), r => Assert.Equal(1, r!["lateRecords"]!.GetValue<int>()));
    }

    [Fact]
    public async Task AReorganisationNeverChangesAReleasedPeriodButShapesTheTreeFromItsDate()
    {
        await using var app = await StartAsync(kind);
        var before = await AllLevelsAsync(app, Tokens);

        // team-q moves to org-y, back-dated to the first of March.
        var move = await app.Ingestor().PostNdjsonAsync(OrgUnit("team-q", "TEAM", "org-y", eventId: "unit-team-q-moved").With("effectiveFrom", "2026-03-01"));
        Assert.Equal(1, move.Accepted);
        await app.BuildReleasesAsync();
        await PublishCopyAsync(app, "tokens_published_later", TokensDefinition());
        await app.BuildReleasesAsync();

        Assert.Equal(before, await AllLevelsAsync(app, Tokens));
        Assert.Equal(before, await AllLevelsAsync(app, level => Tokens(level) with { Metric = "tokens_published_later" }));
        Assert.All(await ReleasesAsync(app, Tokens("ORG")), r => Assert.Equal(1, r!["lateRecords"]!.GetValue<int>()));
        // Today's tree is the new one: org-y's teams in the running week include team-q.
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var running = await app.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", "WEEK", today, today, Scope: "org-y"));
        Assert.Equal(["team-q", "team-r", "team-s"], running.Series().Groups());
    }

    [Fact]
    public async Task ATeamWithMembersCannotBecomeAnOrgAndThereIsOneCompany()
    {
        await using var app = await StartAsync(kind);

        var reclassified = await app.Ingestor().PostNdjsonAsync(OrgUnit("team-q", "ORG", "org-x", eventId: "unit-team-q-org"));
        var second = await app.Ingestor().PostNdjsonAsync(OrgUnit("globex", "COMPANY", null));

        Assert.Equal(("KIND_CHANGE_ORPHANS", "kind"), (reclassified.Errors[0]!["code"]!.GetValue<string>(), reclassified.Errors[0]!["field"]!.GetValue<string>()));
        Assert.Equal(("SECOND_ROOT", "kind"), (second.Errors[0]!["code"]!.GetValue<string>(), second.Errors[0]!["field"]!.GetValue<string>()));
        Assert.Equal(0, reclassified.Accepted + second.Accepted);
    }
}

public sealed class HistoryCannotBeRewrittenTestsOnSqlite() : HistoryCannotBeRewrittenTests(DatabaseKind.Sqlite);

public sealed class HistoryCannotBeRewrittenTestsOnPostgreSql() : HistoryCannotBeRewrittenTests(DatabaseKind.PostgreSql);
