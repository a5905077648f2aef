using MetricsApi.Access.Authentication.DevTokens;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace MetricsApi.Tests.Cli.Demo;

/// <summary>Development's first start: the demo organisation and demo users that dev tokens map to.</summary>
public sealed class DemoOrganisationTests : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = MetricsApiFactory.Sqlite("Development");
        _app.TrustTestKey = false;
        _ = _app.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient DevClient(string user, string role)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _app.DataDirectory,
            ["AzureAd:TenantId"] = TestTokens.TenantId,
            ["AzureAd:ClientId"] = TestTokens.ClientId,
            ["AzureAd:Instance"] = TestTokens.Instance,
        }).Build();
        var key = DevSigningKey.LoadOrCreate(configuration, _app.DataDirectory);
        return _app.ClientWithToken(DevTokenIssuer.Create(user, [role], TimeSpan.FromHours(1), key, DevIdentity.From(configuration)));
    }

    private async Task<string[]> ScopeAsync(string user, string role)
    {
        var response = await DevClient(user, role).PostGraphQLAsync("{ viewer { scope { id } } }");
        Assert.True(response.Status == 200, response.ToString());
        return response.Data!["viewer"]!["scope"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task FirstStartInDevelopmentSeedsThreeOrgsAndTwelveTeams()
    {
        var kinds = await _app.WithDbAsync(db => db.Set<OrgUnit>().GroupBy(u => u.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());

        Assert.Equal(1, kinds.Single(k => k.Key == "COMPANY").Count);
        Assert.Equal(3, kinds.Single(k => k.Key == "ORG").Count);
        Assert.Equal(12, kinds.Single(k => k.Key == "TEAM").Count);
    }

    [Fact]
    public async Task OneDemoTeamHasFewerThanFivePeople()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sizes = await _app.WithDbAsync(db =>
            (from m in db.Set<Membership>()
             join u in db.Set<OrgUnit>() on m.TeamId equals u.Id
             where m.ValidFrom <= today && (m.ValidTo == null || m.ValidTo > today)
             group m by u.ExternalId into g
             select new { Team = g.Key, People = g.Select(x => x.PersonKey).Distinct().Count() }).ToListAsync());

        Assert.Contains(sizes, s => s.People < 5);
        Assert.Equal(3, sizes.Single(s => s.Team == "team-0012").People);
    }

    [Fact]
    public async Task DemoUsersDevTokensMapToTheirPlaceInTheOrg()
    {
        Assert.Equal(["team-0001"], await ScopeAsync("erin", "Engineer"));
        Assert.Equal(["team-0001"], await ScopeAsync("mona", "Manager"));
        Assert.Equal(["org-001", "team-0001", "team-0002", "team-0003", "team-0004"], (await ScopeAsync("leo", "Leader")).Order(StringComparer.Ordinal));
        Assert.Equal(16, (await ScopeAsync("ana", "Analyst")).Length);
        Assert.Empty(await ScopeAsync("audrey", "Auditor"));
    }

    [Fact]
    public async Task DemoTelemetryCoversEveryEventTypeAndIsAudited()
    {
        var counts = await _app.WithDbAsync(async db => new[]
        {
            await db.Set<MetricsApi.Features.Ingestion.Events.AiUsageEvent>().CountAsync(),
            await db.Set<MetricsApi.Features.Ingestion.Events.DeploymentEvent>().CountAsync(),
            await db.Set<MetricsApi.Features.Ingestion.Events.ToolAccessEvent>().CountAsync(),
            await db.Set<MetricsApi.Features.Ingestion.Events.SurveyResponseEvent>().CountAsync(),
        });
        var audit = await _app.WithDbAsync(db => db.Set<MetricsApi.Features.Audit.AuditEntry>().Where(e => e.Action == "INGEST_BATCH").ToListAsync());

        Assert.All(counts, c => Assert.True(c > 0));
        Assert.NotEmpty(audit);
        Assert.All(audit, e => Assert.Equal("system:metricsapi", e.PrincipalId));
        // Every accepted generator event is exactly one row (the generator never re-sends a membership).
        var orgRows = await _app.WithDbAsync(async db =>
            await db.Set<OrgUnit>().CountAsync() + await db.Set<Membership>().CountAsync() + await db.Set<UnitManager>().CountAsync());
        Assert.Equal(counts.Sum() + orgRows, audit.Sum(e => e.EventsAccepted ?? 0));
    }

    [Fact]
    public async Task SecondStartDoesNotSeedAgain()
    {
        var before = await _app.WithDbAsync(db => db.Set<OrgUnit>().CountAsync());
        await using var again = new MetricsApiFactory(DatabaseKind.Sqlite, _app.ConnectionString, "Development", new Dictionary<string, string?> { ["Storage:DataDirectory"] = _app.DataDirectory });
        _ = again.Server;

        Assert.Equal(before, await again.WithDbAsync(db => db.Set<OrgUnit>().CountAsync()));
    }
}
