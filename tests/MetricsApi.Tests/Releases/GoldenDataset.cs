using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// A hand-made company whose every metric value is worked out by hand in <see cref="GoldenValueTests"/>,
/// loaded through the real NDJSON endpoint (validation, pseudonymisation, ledger).
/// <code>
/// acme (COMPANY)
/// ├── org-core (ORG)
/// │   ├── team-alpha  a1 (alice) a2 a3 a4 a5, mia until 2026-03-04 (validTo 2026-03-05)
/// │   └── team-beta   b1 b2 b3 b4 b5 b6,      mia from 2026-03-05
/// └── org-lab (ORG)
///     ├── team-gamma  g1 g2 g3 g4 g5
///     └── team-small  s1 s2 s3 s4             (4 people: always BELOW_MIN_GROUP_SIZE)
/// </code>
/// Headcounts (people with a membership overlapping the period):
/// <code>
///              W1 (03-02..03-08)  W2 (03-09..03-15)  March
/// team-alpha   6 (a1-a5 + mia)    5                  6
/// team-beta    7 (b1-b6 + mia)    7                  7
/// team-gamma   5                  5                  5
/// team-small   4                  4                  4
/// org-core     12 (mia once)      12                 12
/// org-lab      9                  9                  9
/// acme         21                 21                 21
/// </code>
/// A leaver's alpha membership ends on 2026-03-01 (validTo is the first day after, so it overlaps
/// no period asked for); a contractor's AI usage has no membership and counts nowhere.
/// Because team-small is always below 5, its only sibling team-gamma is hidden as COMPLEMENTARY at
/// team level (otherwise org-lab minus gamma would reveal small), in every series where small's hidden
/// value has events behind it (a share of teams over no team, for one, is empty: no cover needed).
/// </summary>
public static class GoldenDataset
{
    public const string W1 = "2026-03-02";
    public const string W2 = "2026-03-09";
    public const string W3 = "2026-03-16";
    public const string March = "2026-03-01";

    public const string ClaudeCode = "Claude Code";
    public const string Codex = "Codex";

    public const string Alpha = "team-alpha";
    public const string Beta = "team-beta";
    public const string Gamma = "team-gamma";
    public const string Small = "team-small";
    public const string Core = "org-core";
    public const string Lab = "org-lab";
    public const string Company = "acme";

    private const string Source = "golden-feed";

    /// <summary>a1 is alice: the person of alice's token, so she can read her own usage.</summary>
    public static string A1 { get; } = TestTokens.ObjectIdFor("alice");

    /// <summary>The mover: alpha until 2026-03-04, beta from 2026-03-05; mia's token reads her own usage.</summary>
    public static string Mia { get; } = TestTokens.ObjectIdFor("mia");

    public static async Task SeedAsync(MetricsApiFactory app)
    {
        var ingestor = app.Ingestor();
        foreach (var batch in new[] { OrgEvents(), DeploymentEvents(), AiUsageEvents(), ToolAccessEvents(), SurveyEvents() })
        {
            var response = await ingestor.PostNdjsonAsync(batch);
            Assert.True(response.Status == 200 && response.Accepted == batch.Length && response.Rejected == 0, response.ToString());
        }
        await app.BuildReleasesAsync();
    }

    private static string P(string name) => name switch
    {
        "a1" => A1,
        "mia" => Mia,
        _ => name + "@example.com",
    };

    private static JsonObject[] OrgEvents()
    {
        var events = new List<JsonObject>
        {
            TestEvents.OrgUnit(Company, "COMPANY", null, name: "Acme"),
            TestEvents.OrgUnit(Core, "ORG", Company, name: "Core"),
            TestEvents.OrgUnit(Alpha, "TEAM", Core, name: "Alpha"),
            TestEvents.OrgUnit(Beta, "TEAM", Core, name: "Beta"),
            TestEvents.OrgUnit(Lab, "ORG", Company, name: "Lab"),
            TestEvents.OrgUnit(Gamma, "TEAM", Lab, name: "Gamma"),
            TestEvents.OrgUnit(Small, "TEAM", Lab, name: "Small"),
        };
        void Member(string person, string team, string from = "2026-01-01", string? to = null) =>
            events.Add(TestEvents.Membership($"m-{person}-{team}-{from}", P(person), team, from, to));

        foreach (var a in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            Member(a, Alpha);
        }

        Member("mia", Alpha, "2026-01-01", "2026-03-05");
        Member("mia", Beta, "2026-03-05");
        Member("leaver", Alpha, "2025-06-01", "2026-03-01");
        foreach (var b in new[] { "b1", "b2", "b3", "b4", "b5", "b6" })
        {
            Member(b, Beta);
        }

        foreach (var g in new[] { "g1", "g2", "g3", "g4", "g5" })
        {
            Member(g, Gamma);
        }

        foreach (var s in new[] { "s1", "s2", "s3", "s4" })
        {
            Member(s, Small);
        }

        return [.. events];
    }

    /// <summary>
    /// Deployments (finishedAt decides the period; startedAt is 15 minutes earlier):
    /// <code>
    /// id    team   finishedAt (UTC)   status       env         lead  incident  restoredAt (TTR)
    /// a0    alpha  Sun 03-01 23:30    SUCCEEDED    production  1000                         week of 02-23: outside W1
    /// a1    alpha  Mon 03-02 10:15    SUCCEEDED    production  60
    /// a2    alpha  Mon 03-02 15:30    SUCCEEDED    production  120   yes       17:00 (90)
    /// a3    alpha  Wed 03-04 09:00    SUCCEEDED    production  200
    /// a4    alpha  Thu 03-05 11:00    ROLLED_BACK  production  10    yes       11:30 (30)   TTR has no status filter
    /// a5    alpha  Fri 03-06 12:00    SUCCEEDED    staging     5                            not production
    /// a6    alpha  Sun 03-08 23:50    SUCCEEDED    production  90                           last minutes of W1
    /// a7    alpha  Tue 03-10 09:20    SUCCEEDED    production  -                            no lead time
    /// a8    alpha  Tue 03-10 14:20    SUCCEEDED    production  30
    /// a9    alpha  Thu 03-12 10:30    SUCCEEDED    production  50    yes       -            not restored yet
    /// b1    beta   Tue 03-03 10:15    SUCCEEDED    production  40
    /// b2    beta   Fri 03-06 12:30    SUCCEEDED    production  80    yes       13:15 (45)
    /// b3    beta   Mon 03-09 09:00    SUCCEEDED    production  20
    /// b4    beta   Mon 03-09 11:00    SUCCEEDED    production  25
    /// b5    beta   Mon 03-09 16:00    SUCCEEDED    production  100
    /// b6    beta   Wed 03-11 10:00    FAILED       production  5
    /// g1    gamma  Mon 03-02 10:00    SUCCEEDED    production  10    yes       +20
    /// g2    gamma  Tue 03-10 10:00    SUCCEEDED    production  70    yes       +80
    /// g3    gamma  Tue 03-10 15:00    SUCCEEDED    production  90
    /// s1    small  Tue 03-03 10:00    SUCCEEDED    production  30    yes       +60
    /// s2    small  Wed 03-11 10:00    SUCCEEDED    production  50    yes       +40
    /// </code>
    /// </summary>
    private static JsonObject[] DeploymentEvents() =>
    [
        Deploy("a0", Alpha, "2026-03-01T23:30:00Z", lead: 1000),
        Deploy("a1", Alpha, "2026-03-02T10:15:00Z", lead: 60),
        Deploy("a2", Alpha, "2026-03-02T15:30:00Z", lead: 120, restoredAt: "2026-03-02T17:00:00Z"),
        Deploy("a3", Alpha, "2026-03-04T09:00:00Z", lead: 200),
        Deploy("a4", Alpha, "2026-03-05T11:00:00Z", "ROLLED_BACK", lead: 10, restoredAt: "2026-03-05T11:30:00Z"),
        Deploy("a5", Alpha, "2026-03-06T12:00:00Z", environment: "staging", lead: 5),
        Deploy("a6", Alpha, "2026-03-08T23:50:00Z", lead: 90),
        Deploy("a7", Alpha, "2026-03-10T09:20:00Z"),
        Deploy("a8", Alpha, "2026-03-10T14:20:00Z", lead: 30),
        Deploy("a9", Alpha, "2026-03-12T10:30:00Z", lead: 50, incident: true),
        Deploy("b1", Beta, "2026-03-03T10:15:00Z", lead: 40),
        Deploy("b2", Beta, "2026-03-06T12:30:00Z", lead: 80, restoredAt: "2026-03-06T13:15:00Z"),
        Deploy("b3", Beta, "2026-03-09T09:00:00Z", lead: 20),
        Deploy("b4", Beta, "2026-03-09T11:00:00Z", lead: 25),
        Deploy("b5", Beta, "2026-03-09T16:00:00Z", lead: 100),
        Deploy("b6", Beta, "2026-03-11T10:00:00Z", "FAILED", lead: 5),
        Deploy("g1", Gamma, "2026-03-02T10:00:00Z", lead: 10, restoredAt: "2026-03-02T10:20:00Z"),
        Deploy("g2", Gamma, "2026-03-10T10:00:00Z", lead: 70, restoredAt: "2026-03-10T11:20:00Z"),
        Deploy("g3", Gamma, "2026-03-10T15:00:00Z", lead: 90),
        Deploy("s1", Small, "2026-03-03T10:00:00Z", lead: 30, restoredAt: "2026-03-03T11:00:00Z"),
        Deploy("s2", Small, "2026-03-11T10:00:00Z", lead: 50, restoredAt: "2026-03-11T10:40:00Z"),
    ];

    /// <summary>
    /// AI usage (CC = Claude Code; INV = INVOCATION, OA = OUTPUT_ACCEPTED, FB = FEEDBACK_GIVEN;
    /// tokens = input + output):
    /// <code>
    /// W1  alpha  a1   03-02 CC INV 1000+500, CC OA 0+100, Codex INV 700+300, Codex OA 0+100   = 2700
    ///            a2   03-02 CC INV 2000+500, CC OA 0+100; 03-03 Codex INV 400+100, Codex FB 0 = 3100
    ///            a3   03-03 CC INV 1000+200, CC OA 0+100                                      = 1300
    ///            a4   03-04 CC INV 600+200, CC FB 0                                           =  800
    ///            a5   03-05 CC INV 700+300, CC OA 0+100                                       = 1100
    ///            mia  03-04 CC INV 400+200 (still in alpha: her tokens count there)           =  600
    ///            (as a person, in people counts, mia is beta's for all of W1 and March: the membership
    ///            overlapping the period that started last)
    ///     beta   mia  03-06 CC INV 2000+1000, CC OA 0+200 (now in beta)                       = 3200
    ///            b1   03-02 CC INV 1000+1000, Codex INV 500+500, Codex OA 0+100               = 3100
    ///            b2   03-03 Codex INV 1500+500, Codex OA 0+100                                = 2100
    ///            b3   03-04 CC INV 300+200, CC FB 0                                           =  500
    ///            b4   03-05 Codex INV 800+200, Codex FB 0                                     = 1000
    ///            (b5, b6 idle)
    ///     gamma  g1-g5 03-03 CC INV 500+500, CC OA 0+100                            5 x 1100 = 5500
    ///     small  s1-s4 03-04 CC INV 500+500; s1 CC OA 0+100                  4 x 1000 + 100 = 4100
    /// W2  alpha  a1   03-09 CC INV 1000+1000, CC OA 0+100                                     = 2100
    ///            a2   03-10 CC INV 1000+0, CC OA 0+100 twice                                  = 1200
    ///            a3   03-11 CC INV 500+500, CC FB 0                                           = 1000
    ///            a4   03-12 CC INV 1500+500, CC OA 0+100                                      = 2100
    ///            (a5 idle: 4 of 5 active)
    ///     beta   mia  03-10 CC INV 1000+500, CC OA 0+100                                      = 1600
    ///            b1   03-09 CC INV 2000+0, CC FB 0                                            = 2000
    ///            b2   03-10 CC INV 500+0, CC OA 0+100                                         =  600
    ///            b3   03-11 CC INV 1000+0, CC OA 0+100                                        = 1100
    ///            b5   03-12 CC INV 700+300, CC OA 0+100                                       = 1100
    ///            b6   03-13 CC INV 400+100, CC FB 0                                           =  500
    ///            (b4 idle)
    ///     gamma  g1-g5 03-10 CC INV 1000+1000, CC OA 0+100                          5 x 2100 = 10500
    ///     small  s1-s4 03-11 CC INV 300+200; s2 CC FB 0; s3 Sun 03-15 23:30 CC INV 100+0    = 2100
    /// Outside the weeks asked for, inside March:
    ///            a5   Sun 03-01 12:00 CC INV 200+100 (alpha)                                  =  300
    ///            s4   Mon 03-16 00:30 CC INV 100+0 (small)                                    =  100
    /// No membership: contractor 03-03 CC INV 50000+49999 (counts in no group)
    /// </code>
    /// </summary>
    private static JsonObject[] AiUsageEvents()
    {
        var events = new List<JsonObject>();
        void Use(string person, string at, string tool, string kind, int input, int output) =>
            events.Add(new JsonObject
            {
                ["type"] = "ai_usage",
                ["eventId"] = "ai-" + events.Count.ToString(CultureInfo.InvariantCulture),
                ["source"] = Source,
                ["person"] = P(person),
                ["tool"] = tool,
                ["model"] = "model-x",
                ["occurredAt"] = at.Length == 10 ? at + "T10:00:00Z" : at,
                ["kind"] = kind,
                ["inputTokens"] = input,
                ["outputTokens"] = output,
            });
        const string Inv = "INVOCATION", Oa = "OUTPUT_ACCEPTED", Fb = "FEEDBACK_GIVEN";

        // W1, alpha
        Use("a1", "2026-03-02", ClaudeCode, Inv, 1000, 500);
        Use("a1", "2026-03-02", ClaudeCode, Oa, 0, 100);
        Use("a1", "2026-03-02", Codex, Inv, 700, 300);
        Use("a1", "2026-03-02", Codex, Oa, 0, 100);
        Use("a2", "2026-03-02", ClaudeCode, Inv, 2000, 500);
        Use("a2", "2026-03-02", ClaudeCode, Oa, 0, 100);
        Use("a2", "2026-03-03", Codex, Inv, 400, 100);
        Use("a2", "2026-03-03", Codex, Fb, 0, 0);
        Use("a3", "2026-03-03", ClaudeCode, Inv, 1000, 200);
        Use("a3", "2026-03-03", ClaudeCode, Oa, 0, 100);
        Use("a4", "2026-03-04", ClaudeCode, Inv, 600, 200);
        Use("a4", "2026-03-04", ClaudeCode, Fb, 0, 0);
        Use("a5", "2026-03-05", ClaudeCode, Inv, 700, 300);
        Use("a5", "2026-03-05", ClaudeCode, Oa, 0, 100);
        Use("mia", "2026-03-04", ClaudeCode, Inv, 400, 200);

        // W1, beta
        Use("mia", "2026-03-06", ClaudeCode, Inv, 2000, 1000);
        Use("mia", "2026-03-06", ClaudeCode, Oa, 0, 200);
        Use("b1", "2026-03-02", ClaudeCode, Inv, 1000, 1000);
        Use("b1", "2026-03-02", Codex, Inv, 500, 500);
        Use("b1", "2026-03-02", Codex, Oa, 0, 100);
        Use("b2", "2026-03-03", Codex, Inv, 1500, 500);
        Use("b2", "2026-03-03", Codex, Oa, 0, 100);
        Use("b3", "2026-03-04", ClaudeCode, Inv, 300, 200);
        Use("b3", "2026-03-04", ClaudeCode, Fb, 0, 0);
        Use("b4", "2026-03-05", Codex, Inv, 800, 200);
        Use("b4", "2026-03-05", Codex, Fb, 0, 0);

        // W1, lab
        foreach (var g in new[] { "g1", "g2", "g3", "g4", "g5" })
        {
            Use(g, "2026-03-03", ClaudeCode, Inv, 500, 500);
            Use(g, "2026-03-03", ClaudeCode, Oa, 0, 100);
        }

        foreach (var s in new[] { "s1", "s2", "s3", "s4" })
        {
            Use(s, "2026-03-04", ClaudeCode, Inv, 500, 500);
        }

        Use("s1", "2026-03-04", ClaudeCode, Oa, 0, 100);

        // W2, alpha
        Use("a1", "2026-03-09", ClaudeCode, Inv, 1000, 1000);
        Use("a1", "2026-03-09", ClaudeCode, Oa, 0, 100);
        Use("a2", "2026-03-10", ClaudeCode, Inv, 1000, 0);
        Use("a2", "2026-03-10", ClaudeCode, Oa, 0, 100);
        Use("a2", "2026-03-10T11:00:00Z", ClaudeCode, Oa, 0, 100);
        Use("a3", "2026-03-11", ClaudeCode, Inv, 500, 500);
        Use("a3", "2026-03-11", ClaudeCode, Fb, 0, 0);
        Use("a4", "2026-03-12", ClaudeCode, Inv, 1500, 500);
        Use("a4", "2026-03-12", ClaudeCode, Oa, 0, 100);

        // W2, beta
        Use("mia", "2026-03-10", ClaudeCode, Inv, 1000, 500);
        Use("mia", "2026-03-10", ClaudeCode, Oa, 0, 100);
        Use("b1", "2026-03-09", ClaudeCode, Inv, 2000, 0);
        Use("b1", "2026-03-09", ClaudeCode, Fb, 0, 0);
        Use("b2", "2026-03-10", ClaudeCode, Inv, 500, 0);
        Use("b2", "2026-03-10", ClaudeCode, Oa, 0, 100);
        Use("b3", "2026-03-11", ClaudeCode, Inv, 1000, 0);
        Use("b3", "2026-03-11", ClaudeCode, Oa, 0, 100);
        Use("b5", "2026-03-12", ClaudeCode, Inv, 700, 300);
        Use("b5", "2026-03-12", ClaudeCode, Oa, 0, 100);
        Use("b6", "2026-03-13", ClaudeCode, Inv, 400, 100);
        Use("b6", "2026-03-13", ClaudeCode, Fb, 0, 0);

        // W2, lab
        foreach (var g in new[] { "g1", "g2", "g3", "g4", "g5" })
        {
            Use(g, "2026-03-10", ClaudeCode, Inv, 1000, 1000);
            Use(g, "2026-03-10", ClaudeCode, Oa, 0, 100);
        }

        foreach (var s in new[] { "s1", "s2", "s3", "s4" })
        {
            Use(s, "2026-03-11", ClaudeCode, Inv, 300, 200);
        }

        Use("s2", "2026-03-11", ClaudeCode, Fb, 0, 0);
        Use("s3", "2026-03-15T23:30:00Z", ClaudeCode, Inv, 100, 0);

        // March, outside W1 and W2; and someone without a membership
        Use("a5", "2026-03-01T12:00:00Z", ClaudeCode, Inv, 200, 100);
        Use("s4", "2026-03-16T00:30:00Z", ClaudeCode, Inv, 100, 0);
        Use("contractor", "2026-03-03", ClaudeCode, Inv, 50000, 49999);
        return [.. events];
    }

    /// <summary>
    /// Licences (held from grantedAt until revokedAt; docs/governed-reads.md, Attribution):
    /// <code>
    /// Claude Code  a1-a5, mia, b1-b6, g1-g5, s1-s4   granted 2026-03-02
    /// Codex        a1-a3, b1-b4                      granted 2026-03-02
    ///              a4                                granted 2026-03-02, revoked 2026-03-20 (held in March)
    ///              b6                                granted 2026-01-10, revoked 2026-02-15 (not held in March)
    /// Kiro         g1                                granted 2026-02-20, never revoked (held in March)
    /// </code>
    /// </summary>
    private static JsonObject[] ToolAccessEvents()
    {
        var events = new List<JsonObject>();
        void Grant(string person, string tool, string at = "2026-03-02T09:00:00Z", string? revokedAt = null)
        {
            var e = new JsonObject
            {
                ["type"] = "tool_access",
                ["eventId"] = "access-" + events.Count.ToString(CultureInfo.InvariantCulture),
                ["source"] = Source,
                ["person"] = P(person),
                ["tool"] = tool,
                ["grantedAt"] = at,
            };
            if (revokedAt is not null)
            {
                e["revokedAt"] = revokedAt;
            }

            events.Add(e);
        }

        foreach (var p in new[] { "a1", "a2", "a3", "a4", "a5", "mia", "b1", "b2", "b3", "b4", "b5", "b6", "g1", "g2", "g3", "g4", "g5", "s1", "s2", "s3", "s4" })
        {
            Grant(p, ClaudeCode);
        }

        foreach (var p in new[] { "a1", "a2", "a3", "b1", "b2", "b3", "b4" })
        {
            Grant(p, Codex);
        }

        Grant("a4", Codex, revokedAt: "2026-03-20T17:00:00Z");
        Grant("b6", Codex, "2026-01-10T09:00:00Z", "2026-02-15T17:00:00Z");
        Grant("g1", "Kiro", "2026-02-20T09:00:00Z");
        return [.. events];
    }

    /// <summary>
    /// Survey answers about Claude Code (0-10), March:
    /// alpha a1 10, a2 10, a3 0 (03-03: only 3 respondents); beta b1 10, b2 9, b3 9, b4 7, mia 2
    /// (03-10: mia answers as a beta member); gamma g1 9, g2 8, g3 6, g4 5, g5 10; small s1 10, s2 10,
    /// s3 10, s4 4 (03-12).
    /// </summary>
    private static JsonObject[] SurveyEvents()
    {
        var events = new List<JsonObject>();
        void Answer(string person, int score, string day) =>
            events.Add(new JsonObject
            {
                ["type"] = "survey_response",
                ["eventId"] = "survey-" + events.Count.ToString(CultureInfo.InvariantCulture),
                ["source"] = Source,
                ["person"] = P(person),
                ["tool"] = ClaudeCode,
                ["score"] = score,
                ["submittedAt"] = day + "T10:00:00Z",
            });

        Answer("a1", 10, "2026-03-03");
        Answer("a2", 10, "2026-03-03");
        Answer("a3", 0, "2026-03-03");
        Answer("b1", 10, "2026-03-10");
        Answer("b2", 9, "2026-03-10");
        Answer("b3", 9, "2026-03-10");
        Answer("b4", 7, "2026-03-10");
        Answer("mia", 2, "2026-03-10");
        foreach (var (g, score) in new[] { ("g1", 9), ("g2", 8), ("g3", 6), ("g4", 5), ("g5", 10) })
        {
            Answer(g, score, "2026-03-12");
        }

        foreach (var (s, score) in new[] { ("s1", 10), ("s2", 10), ("s3", 10), ("s4", 4) })
        {
            Answer(s, score, "2026-03-12");
        }

        return [.. events];
    }

    private static JsonObject Deploy(string id, string team, string finishedAt, string status = "SUCCEEDED", string environment = "production",
        int? lead = null, bool incident = false, string? restoredAt = null)
    {
        var finished = DateTimeOffset.Parse(finishedAt, CultureInfo.InvariantCulture);
        var e = new JsonObject
        {
            ["type"] = "deployment",
            ["eventId"] = "deploy-" + id,
            ["source"] = Source,
            ["team"] = team,
            ["service"] = "svc-" + team,
            ["environment"] = environment,
            ["status"] = status,
            ["startedAt"] = finished.AddMinutes(-15).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["finishedAt"] = finishedAt,
            ["causedIncident"] = incident || restoredAt is not null,
        };
        if (lead is { } minutes)
        {
            e["leadTimeMinutes"] = minutes;
        }

        if (restoredAt is not null)
        {
            e["restoredAt"] = restoredAt;
        }

        return e;
    }
}
