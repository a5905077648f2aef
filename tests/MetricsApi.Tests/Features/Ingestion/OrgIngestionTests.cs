using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// Org data arrives as events: units, memberships over time (a move is the old membership's
/// validTo plus a new membership) and re-parented units, which carry their subtree along.
/// </summary>
public abstract class OrgIngestionTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    private static readonly string Erin = TestTokens.ObjectIdFor("erin");

    /// <summary>Erin was in team-a from 2026-01-01 and moved to team-b on 2026-06-01.</summary>
    private async Task IngestErinsMoveAsync()
    {
        var response = await Ingestor.PostNdjsonAsync(
            [.. OrgTree(),
            Membership("m-erin-a", person: Erin, team: "team-a", validFrom: "2026-01-01", validTo: "2026-06-01"),
            Membership("m-erin-b", person: Erin, team: "team-b", validFrom: "2026-06-01")]);
        Assert.True(response.Status == 200 && response.Accepted == 6, response.ToString());
    }

    private async Task<string[]> ScopeAsync(string user, DateOnly? on, params string[] roles)
    {
        var identity = new ClaimsIdentity(
            roles.Select(r => new Claim("roles", r)).Append(new Claim("oid", TestTokens.ObjectIdFor(user))).Append(new Claim("name", user)),
            "Bearer", "name", "roles");
        await using var scope = App.Services.CreateAsyncScope();
        var units = await scope.ServiceProvider.GetRequiredService<ScopeResolver>().ResolveAsync(new ClaimsPrincipal(identity), on, CancellationToken.None);
        return [.. units.Select(u => u.ExternalId).Order(StringComparer.Ordinal)];
    }

    private Task<OrgUnit> UnitAsync(string externalId) =>
        App.WithDbAsync(db => db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.ExternalId == externalId));

    [Fact]
    public async Task ConcurrentFeedsCreatingTheSameUnitsAndMembershipsStoreEachOnce()
    {
        await SeedOrgAsync();
        var feeds = Enumerable.Range(0, 6).Select(f => IngestionClient.Ndjson(
            OrgUnit("team-new", "TEAM", "org-eng", eventId: $"feed{f}-unit"),
            Membership($"feed{f}-member", team: "team-new"),
            Membership($"feed{f}-member-a", team: "team-a"))).ToList();

        var responses = await Task.WhenAll(feeds.Select(body => Ingestor.PostNdjsonAsync(body)));

        Assert.All(responses, r => Assert.True(r.Status == 200 && r.Accepted == 3 && r.Rejected == 0, r.ToString()));
        Assert.Equal(5, await App.CountAsync<MetricsApi.Features.Org.OrgUnit>());
        Assert.Equal(2, await App.CountAsync<MetricsApi.Features.Org.Membership>());
    }

    [Fact]
    public async Task IngestedUnitsFormTheTreeWithMaterialisedPaths()
    {
        await SeedOrgAsync();

        var acme = await UnitAsync("acme");
        var eng = await UnitAsync("org-eng");
        var teamA = await UnitAsync("team-a");
        Assert.Equal(($"/{acme.Id}/", null, "COMPANY"), (acme.Path, acme.ParentId, acme.Kind));
        Assert.Equal(($"/{acme.Id}/{eng.Id}/", acme.Id, "ORG"), (eng.Path, eng.ParentId, eng.Kind));
        Assert.Equal(($"/{acme.Id}/{eng.Id}/{teamA.Id}/", eng.Id, "TEAM", "team a", OrgSource), (teamA.Path, teamA.ParentId, teamA.Kind, teamA.Name, teamA.Source));
    }

    [Fact]
    public async Task ViewerScopeTodayIsTheTeamThePersonMovedTo()
    {
        await IngestErinsMoveAsync();

        var response = await App.ClientFor("erin", "Engineer").PostGraphQLAsync("{ viewer { scope { id } } }");

        Assert.Equal("""[{"id":"team-b"}]""", response.Data!["viewer"]!["scope"]!.ToJsonString());
    }

    [Fact]
    public async Task ScopeInThePastIsTheTeamThePersonWasInThen()
    {
        await IngestErinsMoveAsync();

        Assert.Equal(["team-a"], await ScopeAsync("erin", new DateOnly(2026, 3, 1), "Engineer"));
        Assert.Equal(["team-a"], await ScopeAsync("erin", new DateOnly(2026, 5, 31), "Engineer"));
        Assert.Equal(["team-b"], await ScopeAsync("erin", new DateOnly(2026, 6, 1), "Engineer"));
        Assert.Empty(await ScopeAsync("erin", new DateOnly(2025, 12, 31), "Engineer"));
    }

    [Fact]
    public async Task ResendingAMembershipWithAnotherValidToSupersedesItAndKeepsTheOldRecord()
    {
        await IngestErinsMoveAsync();

        var response = await Ingestor.PostNdjsonAsync(Membership("m-erin-a-corrected", person: Erin, team: "team-a", validFrom: "2026-01-01", validTo: "2026-04-01"));

        Assert.Equal((1, 0, 0), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal(2, await App.WithDbAsync(db => db.Set<Membership>().CountAsync(m => m.SupersededAt == null)));
        var teamA = await UnitAsync("team-a");
        Assert.Equal(new DateOnly(2026, 4, 1), await App.WithDbAsync(db => db.Set<Membership>().Where(m => m.TeamId == teamA.Id && m.SupersededAt == null).Select(m => m.ValidTo).SingleAsync()));
        // The record before the correction stays, superseded: releases built before it keep using it.
        var history = await App.WithDbAsync(db => db.Set<Membership>().Where(m => m.TeamId == teamA.Id).OrderBy(m => m.RecordedAt).ToListAsync());
        Assert.Equal(2, history.Count);
        Assert.Equal((new DateOnly(2026, 6, 1), history[1].RecordedAt), (history[0].ValidTo!.Value, history[0].SupersededAt!.Value));
        Assert.Equal(["team-a"], await ScopeAsync("erin", new DateOnly(2026, 3, 31), "Engineer"));
        Assert.Empty(await ScopeAsync("erin", new DateOnly(2026, 5, 1), "Engineer"));
    }

    [Fact]
    public async Task ResendingAMembershipWithoutValidToReopensIt()
    {
        await IngestErinsMoveAsync();

        await Ingestor.IngestAsync(Membership("m-erin-a-reopened", person: Erin, team: "team-a", validFrom: "2026-01-01"));

        Assert.Equal(2, await App.WithDbAsync(db => db.Set<Membership>().CountAsync(m => m.SupersededAt == null)));
        Assert.Equal(["team-a", "team-b"], await ScopeAsync("erin", null, "Engineer"));
    }

    [Fact]
    public async Task MovingAUnitToAnotherParentMovesItsSubtree()
    {
        await Ingestor.PostNdjsonAsync(
            [.. OrgTree(),
            OrgUnit("org-platform", "ORG", "org-eng"),
            OrgUnit("team-api", "TEAM", "org-platform"),
            OrgUnit("org-ops", "ORG", "acme")]);
        var platform = await UnitAsync("org-platform");
        var oldTeamPath = (await UnitAsync("team-api")).Path;

        var response = await Ingestor.PostNdjsonAsync(OrgUnit("org-platform", "ORG", "org-ops", eventId: "move-platform", name: "Platform"));

        var acme = await UnitAsync("acme");
        var ops = await UnitAsync("org-ops");
        var moved = await UnitAsync("org-platform");
        var team = await UnitAsync("team-api");
        Assert.Equal((1, 0, 0), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.StartsWith((await UnitAsync("org-eng")).Path, oldTeamPath, StringComparison.Ordinal);
        Assert.Equal((platform.Id, ops.Id, $"/{acme.Id}/{ops.Id}/{platform.Id}/", "Platform"), (moved.Id, moved.ParentId, moved.Path, moved.Name));
        Assert.Equal($"/{acme.Id}/{ops.Id}/{platform.Id}/{team.Id}/", team.Path);
        Assert.Equal(7, await App.CountAsync<OrgUnit>());
    }

    [Fact]
    public async Task MovedSubtreeIsReadByTheManagerOfItsNewParent()
    {
        await Ingestor.PostNdjsonAsync(
            [.. OrgTree(),
            OrgUnit("org-ops", "ORG", "acme"),
            Manager("g-mona", person: TestTokens.ObjectIdFor("mona"), orgUnit: "org-ops")]);
        Assert.Equal(["org-ops"], await ScopeAsync("mona", null, "Manager"));

        await Ingestor.PostNdjsonAsync(OrgUnit("org-eng", "ORG", "org-ops", eventId: "move-eng"));

        Assert.Equal(["org-eng", "org-ops", "team-a", "team-b"], await ScopeAsync("mona", null, "Manager"));
    }

    [Fact]
    public async Task UnitCannotBeMovedBelowItself()
    {
        await Ingestor.PostNdjsonAsync([.. OrgTree(), OrgUnit("org-platform", "ORG", "org-eng")]);

        var response = await Ingestor.PostNdjsonAsync(OrgUnit("org-eng", "ORG", "org-platform", eventId: "move-eng"));

        var error = Assert.Single(response.Errors)!;
        Assert.Equal(("parent", "INVALID_VALUE"), (error.Text("field"), error.Text("code")));
        Assert.Equal((await UnitAsync("acme")).Id, (await UnitAsync("org-eng")).ParentId);
    }
}

public sealed class OrgIngestionTestsOnSqlite() : OrgIngestionTests(DatabaseKind.Sqlite);

public sealed class OrgIngestionTestsOnPostgreSql() : OrgIngestionTests(DatabaseKind.PostgreSql);
