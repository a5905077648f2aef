using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Targets;

/// <summary>
/// An organisation whose release velocity changes, loaded through the real ingestion endpoint, for
/// targets and their progress:
/// <code>
/// acme (COMPANY)
/// ├─ org-fast (ORG, led by leo)
/// │  ├─ t1  6 people (erin among them)   2 → 7 deployments a week
/// │  ├─ t2  6 people                     2 → 7, and 2 of them cause incidents after the baseline
/// │  ├─ t3  6 people                     2 → 3
/// │  ├─ t4  6 people                     3 → 3
/// │  ├─ t5  6 people                     2 → 6, one incident every week
/// │  ├─ t6  5 people                     2 → 8, one incident every week (hidden: the complementary cover of tiny)
/// │  └─ tiny 3 people                    1 → 5 (below k = 5)
/// └─ org-slow (ORG, led by lena)
///    ├─ s1  6 people                     3 → 9
///    └─ s2  6 people                     3 → 3
/// </code>
/// org-fast and t3 have names with a comma, quotes and (t3) a line break, as CSV must carry them.
/// Twelve ISO weeks from 5 January 2026: the first four are the baseline, the last eight come after
/// it. Every member of t1 and t2 uses an AI tool every week; every member of t1..t5 after the baseline.
/// </summary>
public static class TargetData
{
    public const string BaselineFrom = "2026-01-05";
    public const string BaselineTo = "2026-02-01";

    /// <summary>The last day of the last week with data: a deadline there makes the last eight weeks the current window.</summary>
    public const string LastDay = "2026-03-29";

    public static readonly DateOnly FirstWeek = new(2026, 1, 5);

    public const int BaselineWeeks = 4;

    public const int Weeks = 12;

    public static readonly IReadOnlyDictionary<string, (string Org, int People, int Before, int After, int IncidentsBefore, int IncidentsAfter)> Teams =
        new Dictionary<string, (string, int, int, int, int, int)>(StringComparer.Ordinal)
        {
            ["t1"] = ("org-fast", 6, 2, 7, 0, 0),
            ["t2"] = ("org-fast", 6, 2, 7, 0, 2),
            ["t3"] = ("org-fast", 6, 2, 3, 0, 0),
            ["t4"] = ("org-fast", 6, 3, 3, 0, 0),
            ["t5"] = ("org-fast", 6, 2, 6, 1, 1),
            ["t6"] = ("org-fast", 5, 2, 8, 1, 1),
            ["tiny"] = ("org-fast", 3, 1, 5, 0, 0),
            ["s1"] = ("org-slow", 6, 3, 9, 0, 0),
            ["s2"] = ("org-slow", 6, 3, 3, 0, 0),
        };

    public static DateOnly Week(int n) => FirstWeek.AddDays(7 * n);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Members of a team; t1's first member is erin (a caller, known by her token's object id).</summary>
    public static IReadOnlyList<string> Members(string team) =>
        [.. Enumerable.Range(1, Teams[team].People).Select(n => team == "t1" && n == 1 ? TestTokens.ObjectIdFor("erin") : $"{team}-{n}@acme.example")];

    public static JsonObject[] Events()
    {
        var events = new List<JsonObject>
        {
            OrgUnit("acme", "COMPANY", null),
            OrgUnit("org-fast", "ORG", "acme", name: "Fast, \"Velocity\" Org"),
            OrgUnit("org-slow", "ORG", "acme"),
            Manager("g-leo", person: TestTokens.ObjectIdFor("leo"), orgUnit: "org-fast", validFrom: "2025-01-01"),
            Manager("g-lena", person: TestTokens.ObjectIdFor("lena"), orgUnit: "org-slow", validFrom: "2025-01-01"),
        };
        foreach (var (team, shape) in Teams)
        {
            events.Add(OrgUnit(team, "TEAM", shape.Org, name: team == "t3" ? "Team 3, \"the\nquiet one\"" : ""));
            events.AddRange(Members(team).Select(m => Membership($"m-{m}", person: m, team: team, validFrom: "2025-12-01")));
        }

        var usage = 0;
        for (var w = 0; w < Weeks; w++)
        {
            var after = w >= BaselineWeeks;
            foreach (var (team, shape) in Teams)
            {
                var deployments = after ? shape.After : shape.Before;
                var incidents = after ? shape.IncidentsAfter : shape.IncidentsBefore;
                for (var n = 0; n < deployments; n++)
                {
                    var day = Week(w).AddDays(n % 5);
                    var deployment = Deployment($"dep-{team}-{w}-{n}", team: team)
                        .With("startedAt", $"{Iso(day)}T1{n % 10}:00:00Z")
                        .With("finishedAt", $"{Iso(day)}T1{n % 10}:30:00Z")
                        .With("leadTimeMinutes", 120);
                    if (n < incidents)
                    {
                        deployment.With("causedIncident", true).With("restoredAt", $"{Iso(day)}T2{n % 4}:00:00Z");
                    }

                    events.Add(deployment);
                }

                if (team is "t1" or "t2" || (after && team is "t3" or "t4" or "t5"))
                {
                    events.AddRange(Members(team).Select(m => AiUsage($"use-{usage++}", person: m).With("occurredAt", $"{Iso(Week(w).AddDays(1))}T10:00:00Z")));
                }
            }
        }

        return [.. events];
    }

    public static async Task<MetricsApiFactory> StartAsync(DatabaseKind kind)
    {
        var app = await MetricsApiFactory.CreateAsync(kind);
        var events = Events();
        var response = await app.Ingestor().PostNdjsonAsync(events);
        Assert.True(response.Status == 200 && response.Accepted == events.Length && response.Rejected == 0, response.ToString());
        await app.BuildReleasesAsync();
        return app;
    }
}

/// <summary>One started application per test class with <see cref="TargetData"/> loaded.</summary>
public abstract class TargetApp : IAsyncLifetime
{
    private MetricsApiFactory? _factory;

    public abstract DatabaseKind Kind { get; }

    public MetricsApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _factory = await TargetData.StartAsync(Kind);

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

/// <summary>The target data on a fresh SQLite file.</summary>
public sealed class TargetAppOnSqlite : TargetApp
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

/// <summary>The target data on a fresh database of the real PostgreSQL server.</summary>
public sealed class TargetAppOnPostgreSql : TargetApp
{
    public override DatabaseKind Kind => DatabaseKind.PostgreSql;
}
