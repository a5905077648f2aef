using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Tests.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsApi.Tests.Access.Scope;

public abstract class ScopeResolutionTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MetricsApiFactory.CreateAsync(kind);
        await OrgFixtureData.SeedAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string[]> ScopeAsync(string user, DateOnly? on, params string[] roles)
    {
        var identity = new ClaimsIdentity(
            roles.Select(r => new Claim("roles", r)).Append(new Claim("oid", TestTokens.ObjectIdFor(user))).Append(new Claim("name", user)),
            "Bearer", "name", "roles");
        await using var scope = _app.Services.CreateAsyncScope();
        var units = await scope.ServiceProvider.GetRequiredService<ScopeResolver>().ResolveAsync(new ClaimsPrincipal(identity), on, CancellationToken.None);
        return units.Select(u => u.ExternalId).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task EngineerReadsTheTeamTheyAreInToday()
    {
        Assert.Equal(["team-api"], await ScopeAsync("erin", null, "Engineer"));
    }

    [Fact]
    public async Task EngineerInThePastReadsTheTeamTheyWereInThen()
    {
        Assert.Equal(["team-web"], await ScopeAsync("erin", new DateOnly(2026, 3, 1), "Engineer"));
        Assert.Equal(["team-api"], await ScopeAsync("erin", new DateOnly(2026, 6, 1), "Engineer"));
        Assert.Empty(await ScopeAsync("erin", new DateOnly(2025, 12, 31), "Engineer"));
    }

    [Fact]
    public async Task ManagerReadsManagedUnitsAndEverythingBelow()
    {
        Assert.Equal(["org-platform-data", "team-etl"], await ScopeAsync("mona", null, "Manager"));
    }

    [Fact]
    public async Task ManagerDoesNotReadASiblingTeamOrTheParentOrg()
    {
        var scope = await ScopeAsync("mona", null, "Manager");

        Assert.DoesNotContain("team-api", scope);
        Assert.DoesNotContain("org-platform", scope);
    }

    [Fact]
    public async Task LeaderReadsTheSubtreesTheyLeadAndTheirOwnTopLevelOrg()
    {
        Assert.Equal(
            ["org-platform", "org-platform-data", "org-product", "team-api", "team-db", "team-etl", "team-web"],
            await ScopeAsync("leo", null, "Leader"));
    }

    [Fact]
    public async Task AnalystReadsTheWholeCompany()
    {
        Assert.Equal(8, (await ScopeAsync("anyone", null, "Analyst")).Length);
    }

    [Theory]
    [InlineData("Auditor")]
    [InlineData("MetricSteward")]
    [InlineData("PrivacyOfficer")]
    [InlineData("Ingestor")]
    public async Task RolesThatReadNoValuesHaveNoScope(string role)
    {
        Assert.Empty(await ScopeAsync("leo", null, role));
    }

    [Fact]
    public async Task ARoleWithoutOrgDataGrantsNothingAndRolesAddUp()
    {
        Assert.Empty(await ScopeAsync("erin", null, "Manager"));
        Assert.Equal(["team-api"], await ScopeAsync("erin", null, "Engineer", "Manager"));
        Assert.Equal(["org-platform-data", "team-etl"], await ScopeAsync("mona", null, "Manager", "Engineer"));
    }

    [Fact]
    public async Task EndedManagementGrantsNothing()
    {
        Assert.Empty(await ScopeAsync("gone", null, "Manager"));
        Assert.Equal(["org-platform", "org-platform-data", "team-api", "team-db", "team-etl"], await ScopeAsync("gone", new DateOnly(2024, 6, 1), "Manager"));
    }

    [Fact]
    public async Task ViewerShowsTheCallersScope()
    {
        var response = await _app.ClientFor("erin", "Engineer").PostGraphQLAsync("{ viewer { scope { id name kind } } }");

        Assert.Equal("""[{"id":"team-api","name":"team api","kind":"TEAM"}]""", response.Data!["viewer"]!["scope"]!.ToJsonString());
    }
}

public sealed class ScopeResolutionTestsOnSqlite() : ScopeResolutionTests(DatabaseKind.Sqlite);

public sealed class ScopeResolutionTestsOnPostgreSql() : ScopeResolutionTests(DatabaseKind.PostgreSql);
