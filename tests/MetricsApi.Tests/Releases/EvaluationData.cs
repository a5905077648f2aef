using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// The organisation and March 2026 telemetry the evaluation tests read, loaded through the real
/// ingestion endpoint:
/// <code>
/// acme (COMPANY)
/// ├─ org-eng (ORG)
/// │  ├─ team-a   6 people: erin, ash, a3..a6
/// │  ├─ team-b   8 people: b1..b8           (week 4: only b1..b3 use AI tools)
/// │  └─ org-data (ORG, managed by mona)
/// │     ├─ team-d   9 people: leo, d2..d9
/// │     ├─ team-e  10 people: e1..e10        (week 2: e1..e6 also use Kiro, e1..e2 also Codex)
/// │     └─ team-f   4 people: f1..f4         (below k = 5)
/// └─ org-web (ORG)
///    ├─ team-w   7 people: erin, w2..w7      (erin is in two teams; week 3: only erin, w2, w3 use AI tools)
///    ├─ team-v   9 people: v1..v9
///    └─ team-z   5 people: z1..z5            (hold licences, never use AI tools, answer no surveys)
/// </code>
/// erin and ash are Engineers, mona a Manager, leo a Leader (his team sits in org-eng), ana an
/// Analyst. All events fall in the ISO weeks starting 2 to 23 March 2026, so the month of March is
/// exactly the sum of those four weeks.
/// erin's memberships of team-a and team-w both start on 2026-01-01, so each of her events counts for
/// team-a only (same start: the lower team id; team-a is created first) and never for team-w or org-web;
/// she is in the headcount of both teams. In week 3 team-w's AI use is therefore w2's and w3's alone.
/// </summary>
public static class EvaluationData
{
    public static readonly DateOnly[] Weeks = [new(2026, 3, 2), new(2026, 3, 9), new(2026, 3, 16), new(2026, 3, 23)];

    /// <summary>Parent of every unit (null for the company).</summary>
    public static readonly IReadOnlyDictionary<string, string?> Parents = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["acme"] = null,
        ["org-eng"] = "acme",
        ["org-web"] = "acme",
        ["team-a"] = "org-eng",
        ["team-b"] = "org-eng",
        ["org-data"] = "org-eng",
        ["team-d"] = "org-data",
        ["team-e"] = "org-data",
        ["team-f"] = "org-data",
        ["team-w"] = "org-web",
        ["team-v"] = "org-web",
        ["team-z"] = "org-web",
    };

    public static readonly IReadOnlyDictionary<string, string[]> Members = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["team-a"] = ["erin", "ash", "a3", "a4", "a5", "a6"],
        ["team-b"] = ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"],
        ["team-d"] = ["leo", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"],
        ["team-e"] = ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10"],
        ["team-f"] = ["f1", "f2", "f3", "f4"],
        ["team-w"] = ["erin", "w2", "w3", "w4", "w5", "w6", "w7"],
        ["team-v"] = ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"],
        ["team-z"] = ["z1", "z2", "z3", "z4", "z5"],
    };

    /// <summary>Successful production deployments each team makes every week.</summary>
    public static readonly IReadOnlyDictionary<string, int> DeploymentsPerWeek = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["team-a"] = 3,
        ["team-b"] = 4,
        ["team-d"] = 2,
        ["team-e"] = 5,
        ["team-f"] = 1,
        ["team-w"] = 2,
        ["team-v"] = 3,
        ["team-z"] = 1,
    };

    public static readonly string[] AllTeams = ["team-a", "team-b", "team-d", "team-e", "team-f", "team-w", "team-v", "team-z"];

    public static readonly string[] AllOrgs = ["org-eng", "org-data", "org-web"];

    /// <summary>Users who call the API and also appear in the org data, known by their token's object id.</summary>
    private static readonly HashSet<string> Callers = ["erin", "ash", "leo"];

    /// <summary>One ai_usage event as generated, to compute expected values from.</summary>
    public sealed record Usage(string Member, string Tool, string Kind, DateTimeOffset At, int InputTokens, int OutputTokens)
    {
        public int TotalTokens => InputTokens + OutputTokens;
    }

    /// <summary>Everyone once, in team order (erin is listed under team-a).</summary>
    public static IReadOnlyList<string> People { get; } = [.. AllTeams.SelectMany(t => Members[t]).Distinct(StringComparer.Ordinal)];

    public static string PersonId(string member) =>
        Callers.Contains(member) ? TestTokens.ObjectIdFor(member) : member + "@acme.example";

    public static IReadOnlyList<Usage> UsageEvents { get; } = BuildUsage();

    /// <summary>Units, memberships, the manager, then deployments, AI usage, tool access and survey answers.</summary>
    public static JsonObject[] Events()
    {
        var events = new List<JsonObject>
        {
            OrgUnit("acme", "COMPANY", null),
            OrgUnit("org-eng", "ORG", "acme"),
            OrgUnit("org-web", "ORG", "acme"),
            OrgUnit("team-a", "TEAM", "org-eng"),
            OrgUnit("team-b", "TEAM", "org-eng"),
            OrgUnit("org-data", "ORG", "org-eng"),
            OrgUnit("team-d", "TEAM", "org-data"),
            OrgUnit("team-e", "TEAM", "org-data"),
            OrgUnit("team-f", "TEAM", "org-data"),
            OrgUnit("team-w", "TEAM", "org-web"),
            OrgUnit("team-v", "TEAM", "org-web"),
            OrgUnit("team-z", "TEAM", "org-web"),
            Manager("g-mona", person: TestTokens.ObjectIdFor("mona"), orgUnit: "org-data", validFrom: "2025-01-01"),
        };
        foreach (var team in AllTeams)
        {
            events.AddRange(Members[team].Select(m => Membership($"m-{m}-{team}", person: PersonId(m), team: team, validFrom: "2026-01-01")));
        }

        foreach (var team in AllTeams)
        {
            for (var w = 0; w < Weeks.Length; w++)
            {
                for (var n = 0; n < DeploymentsPerWeek[team]; n++)
                {
                    events.Add(DeploymentEvent(team, w, n));
                }
            }
        }

        events.AddRange(UsageEvents.Select((u, i) => new JsonObject
        {
            ["type"] = "ai_usage",
            ["eventId"] = $"use-{i}",
            ["source"] = Source,
            ["person"] = PersonId(u.Member),
            ["tool"] = u.Tool,
            ["model"] = "model-1",
            ["occurredAt"] = Timestamp(u.At),
            ["kind"] = u.Kind,
            ["inputTokens"] = u.InputTokens,
            ["outputTokens"] = u.OutputTokens,
        }));

        for (var p = 0; p < People.Count; p++)
        {
            var member = People[p];
            events.Add(ToolAccess($"access-{member}-cc", person: PersonId(member)).With("tool", "Claude Code").With("grantedAt", "2026-03-03T09:00:00Z"));
            if (TeamOf(member) == "team-z")
            {
                continue;
            }

            events.Add(Survey($"survey-{member}-cc", person: PersonId(member), score: 6 + (p % 5)).With("tool", "Claude Code").With("submittedAt", "2026-03-18T09:00:00Z"));
            if (TeamOf(member) == "team-e" && Index(member) < 6)
            {
                events.Add(ToolAccess($"access-{member}-kiro", person: PersonId(member)).With("tool", "Kiro").With("grantedAt", "2026-03-03T09:00:00Z"));
                events.Add(Survey($"survey-{member}-kiro", person: PersonId(member), score: 8).With("tool", "Kiro").With("submittedAt", "2026-03-18T09:00:00Z"));
            }
        }

        return [.. events];
    }

    public static async Task SeedAsync(MetricsApiFactory app)
    {
        var events = Events();
        var response = await app.Ingestor().PostNdjsonAsync(events);
        Assert.True(response.Status == 200 && response.Accepted == events.Length && response.Rejected == 0, response.ToString());
        await app.BuildReleasesAsync();
    }

    /// <summary>Total tokens of one person's events between two days (inclusive).</summary>
    public static long TokensOf(string member, DateOnly from, DateOnly to) =>
        UsageEvents.Where(u => u.Member == member && Day(u.At) >= from && Day(u.At) <= to).Sum(u => (long)u.TotalTokens);

    /// <summary>
    /// Total tokens counted for a team between two days (inclusive): its members' events (everyone is a member
    /// all March), erin's for team-a only (her two memberships start on the same day; team-a has the lower id).
    /// </summary>
    public static long TokensOfTeam(string team, DateOnly from, DateOnly to) => Members[team].Where(m => TeamOf(m) == team).Sum(m => TokensOf(m, from, to));

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The first team a member is listed in.</summary>
    public static string TeamOf(string member) => AllTeams.First(t => Members[t].Contains(member));

    private static int Index(string member) => Array.IndexOf(Members[TeamOf(member)], member);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0) =>
        new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private static JsonObject DeploymentEvent(string team, int week, int n)
    {
        var day = Weeks[week].AddDays(2);
        var deployment = Deployment($"dep-{team}-{week}-{n}", team: team)
            .With("service", "svc-" + team)
            .With("startedAt", Timestamp(At(day, 11, n)))
            .With("finishedAt", Timestamp(At(day, 12, n)))
            .With("leadTimeMinutes", 60 + (10 * n));
        if (team == "team-b" && week == 1 && n == 0)
        {
            deployment.With("causedIncident", true).With("restoredAt", Timestamp(At(day, 13, 30)));
        }

        return deployment;
    }

    private static List<Usage> BuildUsage()
    {
        var usage = new List<Usage>();
        for (var p = 0; p < People.Count; p++)
        {
            var member = People[p];
            var team = TeamOf(member);
            var index = Index(member);
            if (team == "team-z")
            {
                continue;
            }

            for (var w = 0; w < Weeks.Length; w++)
            {
                if ((team == "team-b" && w == 3 && index >= 3) || (team == "team-w" && w == 2 && index >= 3))
                {
                    continue;
                }

                var day = Weeks[w].AddDays(1);
                usage.Add(new Usage(member, "Claude Code", "INVOCATION", At(day, 10), 1000 + (37 * p) + (11 * w), 200));
                usage.Add(new Usage(member, "Claude Code", "OUTPUT_ACCEPTED", At(day, 11), 0, 50 + p));
                if (team == "team-e" && w == 1 && index < 6)
                {
                    usage.Add(new Usage(member, "Kiro", "OUTPUT_ACCEPTED", At(day, 14), 500 + p, 50));
                }

                if (team == "team-e" && w == 1 && index < 2)
                {
                    usage.Add(new Usage(member, "Codex", "FEEDBACK_GIVEN", At(day, 15), 300 + p, 30));
                }
            }
        }

        return usage;
    }
}
