namespace MetricsApi.Tests.Releases;

/// <summary>Which groups <c>metricValues</c> returns for whom (PRODUCT.md §3), and what it refuses with OUT_OF_SCOPE.</summary>
public abstract class MetricValuesScopeTests(EvaluationApp app)
{
    private const string FirstWeek = "2026-03-02";
    private const string LastWeekEnd = "2026-03-29";

    /// <summary>Deployment counts add up over time, so they are read weekly only: the four ISO weeks of March.</summary>
    private static ValuesRequest Deployments(string? scope = null, string? groupBy = null) =>
        new("production_deployments", "TEAM_IMPROVEMENT", "WEEK", FirstWeek, LastWeekEnd, Scope: scope, GroupBy: groupBy);

    private HttpClient Erin => app.Factory.ClientFor("erin", "Engineer");

    private HttpClient Mona => app.Factory.ClientFor("mona", "Manager");

    private HttpClient Leo => app.Factory.ClientFor("leo", "Leader");

    private HttpClient Ana => app.Factory.ClientFor("ana", "Analyst");

    [Fact]
    public async Task EngineerReadsOnlyTheirOwnTeams()
    {
        var all = await Erin.MetricValuesAsync(Deployments());
        var second = await Erin.MetricValuesAsync(Deployments(scope: "team-w"));

        Assert.Equal(["team-a", "team-w"], all.Series().Groups());
        Assert.All(all.Series().Points(), p => Assert.Equal("TEAM", p.GroupLevel));
        Assert.Equal(["team-w"], second.Series().Groups());
    }

    [Theory]
    [InlineData("team-b", null)]
    [InlineData("org-eng", null)]
    [InlineData("acme", null)]
    [InlineData(null, "ORG")]
    [InlineData(null, "COMPANY")]
    public async Task EngineerAskingBeyondTheirTeamsIsOutOfScope(string? scope, string? groupBy)
    {
        var response = await Erin.MetricValuesAsync(Deployments(scope, groupBy));

        response.AssertError("OUT_OF_SCOPE");
    }

    [Fact]
    public async Task ManagerReadsTheManagedSubtree()
    {
        var teams = await Mona.MetricValuesAsync(Deployments());
        var orgs = await Mona.MetricValuesAsync(Deployments(groupBy: "ORG"));
        var one = await Mona.MetricValuesAsync(Deployments(scope: "team-e"));

        Assert.Equal(["team-d", "team-e", "team-f"], teams.Series().Groups());
        Assert.Equal(["org-data"], orgs.Series().Groups());
        Assert.All(orgs.Series().Points(), p => Assert.Equal("ORG", p.GroupLevel));
        Assert.Equal(["team-e"], one.Series().Groups());
    }

    [Theory]
    [InlineData("team-a")]
    [InlineData("org-eng")]
    [InlineData("team-w")]
    public async Task ManagerAskingForAUnitOutsideTheirSubtreeGetsTheSameAnswerAsForAUnitThatDoesNotExist(string existing)
    {
        var outside = await Mona.MetricValuesAsync(Deployments(scope: existing));
        var unknown = await Mona.MetricValuesAsync(Deployments(scope: "team-nowhere"));

        var outsideError = outside.AssertError("OUT_OF_SCOPE");
        var unknownError = unknown.AssertError("OUT_OF_SCOPE");
        Assert.Equal(unknownError["message"]!.GetValue<string>(), outsideError["message"]!.GetValue<string>());
        Assert.Equal(unknownError["extensions"]!.ToJsonString(), outsideError["extensions"]!.ToJsonString());
        Assert.Equal(unknown.Status, outside.Status);
        Assert.DoesNotContain(existing, outside.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagerCannotReadTheCompany()
    {
        var response = await Mona.MetricValuesAsync(Deployments(groupBy: "COMPANY"));

        response.AssertError("OUT_OF_SCOPE");
    }

    [Fact]
    public async Task LeaderReadsTheWholeTopLevelOrgTheirTeamSitsIn()
    {
        var teams = await Leo.MetricValuesAsync(Deployments());
        var orgs = await Leo.MetricValuesAsync(Deployments(groupBy: "ORG"));
        var top = await Leo.MetricValuesAsync(Deployments(scope: "org-eng", groupBy: "ORG"));

        Assert.Equal(["team-a", "team-b", "team-d", "team-e", "team-f"], teams.Series().Groups());
        Assert.Equal(["org-data", "org-eng"], orgs.Series().Groups());
        Assert.Contains("org-eng", top.Series().Groups());
    }

    [Theory]
    [InlineData("team-w", null)]
    [InlineData("org-web", null)]
    [InlineData(null, "COMPANY")]
    public async Task LeaderAskingOutsideTheirOrgIsOutOfScope(string? scope, string? groupBy)
    {
        var response = await Leo.MetricValuesAsync(Deployments(scope, groupBy));

        response.AssertError("OUT_OF_SCOPE");
    }

    [Fact]
    public async Task AnalystReadsTheCompanyItsOrgsAndItsTeams()
    {
        var deployments = new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd);
        var company = await Ana.MetricValuesAsync(deployments with { GroupBy = "COMPANY" });
        var orgs = await Ana.MetricValuesAsync(deployments with { GroupBy = "ORG" });
        var teams = await Ana.MetricValuesAsync(deployments);

        // Every week: 3 + 4 + 2 + 5 + 1 + 2 + 3 + 1 = 21 deployments over the eight teams.
        var points = company.Series().Points();
        Assert.Equal(EvaluationData.Weeks.Select(EvaluationData.Iso), points.Select(p => p.PeriodStart));
        Assert.All(points, point =>
        {
            Assert.Equal(("acme", "COMPANY"), (point.GroupId, point.GroupLevel));
            Assert.Equal(21.0, point.Value);
        });
        Assert.Equal(21, EvaluationData.DeploymentsPerWeek.Values.Sum());
        Assert.Equal(EvaluationData.AllOrgs.Order(StringComparer.Ordinal), orgs.Series().Groups());
        Assert.Equal(EvaluationData.AllTeams.Order(StringComparer.Ordinal), teams.Series().Groups());
    }

    [Fact]
    public async Task TeamValuesCountTheTeamsOwnEventsAndHeadcount()
    {
        var response = await Ana.MetricValuesAsync(new ValuesRequest("production_deployments", "PORTFOLIO_REPORTING", "WEEK", FirstWeek, LastWeekEnd, Scope: "team-e"));

        // team-e deploys 5 times every week and has 10 people (e1..e10).
        var points = response.Series().Points();
        Assert.Equal(EvaluationData.Weeks.Length, points.Count);
        foreach (var (point, week) in points.Zip(EvaluationData.Weeks))
        {
            Assert.Equal(("team-e", EvaluationData.Iso(week), EvaluationData.Iso(week.AddDays(6)), true), (point.GroupId, point.PeriodStart, point.PeriodEnd, point.Complete));
            Assert.Equal((5.0, false, "10-19"), (point.Value, point.Suppressed, point.PeopleBucket));
        }
    }
}

public sealed class MetricValuesScopeTestsOnSqlite(EvaluationAppOnSqlite app) : MetricValuesScopeTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class MetricValuesScopeTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : MetricValuesScopeTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
