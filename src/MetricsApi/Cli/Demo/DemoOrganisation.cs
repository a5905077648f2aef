using MetricsApi.Access;
using MetricsApi.Access.Authentication.DevTokens;
using MetricsApi.Data;
using MetricsApi.Features.Org;
using MetricsApi.Releases.Publish;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Cli.Demo;

/// <summary>
/// The small organisation Development starts with (3 orgs, 12 teams, the last with 3 people) and the
/// demo users, one per role, whose dev tokens (<c>dev-token --user NAME</c>) map to people in it.
/// </summary>
public static class DemoOrganisation
{
    /// <summary>Weeks of demo telemetry, ending this week's Monday.</summary>
    public const int Weeks = 26;

    public static IReadOnlyList<(DemoUser User, string Role, string Sits)> Users { get; } =
    [
        (User("erin", "MEMBER"), Roles.Engineer, "engineer in team-0001"),
        (User("mona", "MANAGER"), Roles.Manager, "manages team-0001"),
        (User("leo", "LEADER"), Roles.Leader, "leads org-001 (teams 0001-0004)"),
        (User("ana", "NONE"), Roles.Analyst, "reads company-wide aggregates"),
        (User("audrey", "NONE"), Roles.Auditor, "reads the catalogue and the audit log"),
        (User("stella", "NONE"), Roles.MetricSteward, "curates metric definitions"),
        (User("priya", "NONE"), Roles.PrivacyOfficer, "owns policy"),
        (User("feed", "NONE"), Roles.Ingestor, "a telemetry producer"),
    ];

    /// <summary>In Development, seeds the demo organisation into an empty database (set <c>Demo:Seed=false</c> to skip).</summary>
    public static async Task SeedDemoOrganisationAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue("Demo:Seed", defaultValue: true))
        {
            return;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<MetricsDbContext>().Set<OrgUnit>().AnyAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        Console.WriteLine("Seeding the demo organisation (first start in Development):");
        await SeedCommand.GenerateAsync(app.Services, new GeneratorOptions(12, Weeks, 7, monday, [.. Users.Select(u => u.User)]), Console.Out, cancellationToken).ConfigureAwait(false);

        // Publish the closed periods now, so a newcomer's first read shows values (the background builder
        // would get there within a minute or two).
        Console.WriteLine("Building the demo organisation's releases…");
        var built = await app.Services.BuildDueReleasesAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  {built} releases built.");
        await DemoTargets.SeedAsync(app.Services, monday.AddDays(-7 * Weeks), monday, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  {DemoTargets.For(monday, monday).Count} targets set (README: targets).");
    }

    private static DemoUser User(string name, string placement) => new(name, DevTokenIssuer.ObjectIdFor(name), placement);
}
