using MetricsApi.Data;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MetricsApi.Tests.Features.Org;

/// <summary>
/// A small org written straight into the database (the ingestion paths arrive with issue 4):
/// acme → org-platform → (team-api, team-db, org-platform-data → team-etl); acme → org-product → team-web.
/// </summary>
public static class OrgFixtureData
{
    public static async Task SeedAsync(MetricsApiFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MetricsDbContext>();
        var pseudonymiser = scope.ServiceProvider.GetRequiredService<Pseudonymiser>();
        var units = new Dictionary<string, OrgUnit>();

        async Task AddAsync(string externalId, string kind, string? parent)
        {
            var unit = new OrgUnit { ExternalId = externalId, Name = externalId.Replace('-', ' '), Kind = kind, ParentId = parent is null ? null : units[parent].Id, Path = "", Source = "hr-feed" };
            db.Add(unit);
            await db.SaveChangesAsync();
            unit.Path = (parent is null ? "/" : units[parent].Path) + unit.Id + "/";
            await db.SaveChangesAsync();
            units[externalId] = unit;
        }

        await AddAsync("acme", OrgUnitKinds.Company, null);
        await AddAsync("org-platform", OrgUnitKinds.Org, "acme");
        await AddAsync("org-product", OrgUnitKinds.Org, "acme");
        await AddAsync("team-api", OrgUnitKinds.Team, "org-platform");
        await AddAsync("team-db", OrgUnitKinds.Team, "org-platform");
        await AddAsync("org-platform-data", OrgUnitKinds.Org, "org-platform");
        await AddAsync("team-etl", OrgUnitKinds.Team, "org-platform-data");
        await AddAsync("team-web", OrgUnitKinds.Team, "org-product");

        string Person(string user) => pseudonymiser.Pseudonymise(TestTokens.ObjectIdFor(user));
        void Member(string user, string team, DateOnly from, DateOnly? to) =>
            db.Add(new Membership { PersonKey = Person(user), TeamId = units[team].Id, ValidFrom = from, ValidTo = to, Source = "hr-feed" });
        void Manages(string user, string unit, DateOnly from, DateOnly? to) =>
            db.Add(new UnitManager { PersonKey = Person(user), OrgUnitId = units[unit].Id, ValidFrom = from, ValidTo = to, Source = "hr-feed" });

        Member("erin", "team-web", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 1));
        Member("erin", "team-api", new DateOnly(2026, 6, 1), null);
        Manages("mona", "org-platform-data", new DateOnly(2025, 1, 1), null);
        Manages("leo", "org-product", new DateOnly(2025, 1, 1), null);
        Member("leo", "team-etl", new DateOnly(2025, 1, 1), null);
        Manages("gone", "org-platform", new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1));
        await db.SaveChangesAsync();
    }
}
