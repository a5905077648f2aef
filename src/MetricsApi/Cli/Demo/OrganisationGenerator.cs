using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MetricsApi.Features.Ingestion;

namespace MetricsApi.Cli.Demo;

/// <summary>
/// Generates a realistic organisation and a year of telemetry as ingestion events, lazily (constant
/// memory beyond the people list): company → divisions → orgs → teams of 4–12 engineers; people
/// moving teams; the mission's AI tools with adoption rising over the period; licences granted but
/// never used; quarterly NPS answers. Teams follow a <see cref="Profile"/>, so that targets have a story
/// to tell: most deliver as before; adopters' release velocity rises with their AI adoption (3× and
/// more for late adopters) with stable quality; corner-cutters speed up as much while more of their
/// deployments cause incidents and take longer to restore (the Goodhart case a guardrail catches); a
/// few moonshots reach tenfold; "tokenmaxxing" teams burn huge token volumes with flat outcomes.
/// Every team has a base change failure rate (3–8 % of successful production deployments cause an
/// incident) and lead times of 2 to 48 hours.
/// </summary>
public sealed class OrganisationGenerator(GeneratorOptions options, IReadOnlyList<string> tools)
{
    private const string Company = "acme";
    private static readonly string[] Words = ["Atlas", "Beacon", "Comet", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orbit", "Pioneer", "Quartz", "Raven", "Summit", "Tidal", "Umbra", "Vertex", "Willow", "Zephyr"];
    private static readonly string[] Services = ["api", "web", "worker", "billing", "search", "auth", "ingest", "reports"];
    private static readonly Dictionary<string, string[]> Models = new(StringComparer.Ordinal)
    {
        ["Kiro"] = ["kiro-agent"],
        ["Claude Code"] = ["claude-sonnet", "claude-opus"],
        ["Codex"] = ["codex-1", "codex-mini"],
        ["AI Teammate"] = ["teammate-v2"],
        ["Pippin"] = ["pippin-large"],
        ["MeshClaw"] = ["meshclaw-7b"],
    };

    private readonly Random _random = new(options.Seed);
    private readonly DateOnly _start = options.End.AddDays(-7 * options.Weeks);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _sequence;

    /// <summary>Events generated so far, per type.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>How a team's delivery responds to its AI adoption.</summary>
    private enum Profile
    {
        /// <summary>Delivers as before, whatever its adoption.</summary>
        Steady,

        /// <summary>Velocity rises with adoption (up to about 4.5×), lead time falls, quality holds.</summary>
        Adopter,

        /// <summary>Velocity rises like an adopter's while incidents and restore times rise too.</summary>
        CornerCutter,

        /// <summary>Velocity rises up to about fifteenfold with quality holding: the "25 teams at 10×".</summary>
        Moonshot,

        /// <summary>Huge token volume, few accepted outputs, flat delivery: activity without outcome.</summary>
        TokenMaxxer,
    }

    /// <summary>The demo organisation's twelve teams, so each story is in it (team-0003 tokenmaxxes; team-0012 is the small one).</summary>
    private static readonly Profile[] DemoProfiles =
    [
        Profile.Adopter, Profile.CornerCutter, Profile.TokenMaxxer, Profile.Steady,
        Profile.Adopter, Profile.CornerCutter, Profile.Adopter, Profile.Steady,
        Profile.Adopter, Profile.Steady, Profile.CornerCutter, Profile.Steady,
    ];

    private sealed class Team(string id, int org)
    {
        public string Id { get; } = id;

        public int Org { get; } = org;

        public double AdoptionStart { get; init; }

        public double AdoptionSpeed { get; init; }

        public double DeploymentRate { get; init; }

        public Profile Profile { get; init; }

        /// <summary>Share of its successful production deployments that cause an incident, before any corner is cut.</summary>
        public double FailureRate { get; init; }

        public bool TokenMaxxing => Profile == Profile.TokenMaxxer;

        /// <summary>How much faster it deploys at full adoption (0: not at all).</summary>
        public double Speedup => Profile switch
        {
            Profile.Adopter or Profile.CornerCutter => 5,
            Profile.Moonshot => 16,
            _ => 0,
        };
    }

    private sealed class Person(string id)
    {
        public string Id { get; } = id;

        public int Team { get; set; }

        public int? MovedWeek { get; set; }

        public int? FromTeam { get; set; }

        public List<(string Tool, int Week)> Licences { get; } = [];

        public bool NeverUses { get; init; }

        public double Enthusiasm { get; init; }
    }

    public async IAsyncEnumerable<IngestItem> GenerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (teams, orgCount) = BuildTeams();
        var people = BuildPeople(teams);
        foreach (var item in OrgEvents(teams, orgCount, people))
        {
            yield return item;
        }

        for (var week = 0; week < options.Weeks; week++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var item in WeekEvents(week, teams, people))
            {
                yield return item;
            }

            await Task.Yield();
        }
    }

    private (List<Team> Teams, int Orgs) BuildTeams()
    {
        var teamsPerOrg = options.Teams <= 20 ? 4 : 15;
        var orgs = (options.Teams + teamsPerOrg - 1) / teamsPerOrg;
        var teams = new List<Team>(options.Teams);
        for (var i = 0; i < options.Teams; i++)
        {
            var demo = options.Teams <= DemoProfiles.Length;
            var profile = demo ? DemoProfiles[i] : DrawProfile(options.Teams >= 50);
            var changes = profile is not Profile.Steady and not Profile.TokenMaxxer;
            teams.Add(new Team($"team-{i + 1:D4}", i / teamsPerOrg)
            {
                // The demo's changing teams start late and fast, so a baseline of its first weeks shows them before.
                AdoptionStart = demo && changes ? 0.15 : _random.NextDouble() * 0.6,
                AdoptionSpeed = demo && changes ? 12 : 4 + (_random.NextDouble() * 10),
                DeploymentRate = demo ? 3 : 1 + (_random.NextDouble() * 4),
                Profile = profile,
                FailureRate = 0.03 + (_random.NextDouble() * 0.05),
            });
        }

        return (teams, orgs);
    }

    /// <summary>About 1 % tokenmaxxers (in organisations of 50 teams or more), 1.2 % moonshots, 19 % adopters, 10 % corner-cutters.</summary>
    private Profile DrawProfile(bool tokenMaxxersPossible)
    {
        if (tokenMaxxersPossible && _random.NextDouble() < 0.01)
        {
            return Profile.TokenMaxxer;
        }

        var draw = _random.NextDouble();
        return draw < 0.012 ? Profile.Moonshot : draw < 0.20 ? Profile.Adopter : draw < 0.30 ? Profile.CornerCutter : Profile.Steady;
    }

    private List<Person> BuildPeople(List<Team> teams)
    {
        var people = new List<Person>();
        for (var t = 0; t < teams.Count; t++)
        {
            // The last team of a small (demo) organisation has fewer than 5 people, to show suppression; its
            // other teams have at least 7, so that no story team is too small to be shown in its first weeks.
            var size = options.Teams <= 20 && t == teams.Count - 1 ? 3 : _random.Next(options.Teams <= 20 ? 7 : 4, 13);
            for (var i = 0; i < size; i++)
            {
                people.Add(NewPerson(RandomObjectId(), t));
            }
        }

        foreach (var demo in options.DemoUsers ?? [])
        {
            if (demo.Placement == "MEMBER")
            {
                people.Add(NewPerson(demo.ObjectId, 0));
            }
        }

        // About 5% of people move to another team part-way through the period (never into or out of
        // the deliberately small team of a demo organisation, which must stay below 5 people).
        var small = options.Teams <= 20 ? teams.Count - 1 : -1;
        foreach (var person in people.Where(_ => _random.NextDouble() < 0.05 && teams.Count > 2))
        {
            var target = (person.Team + 1 + _random.Next(teams.Count - 1)) % teams.Count;
            if (person.Team == small || target == small)
            {
                continue;
            }

            person.FromTeam = person.Team;
            person.MovedWeek = _random.Next(1, Math.Max(2, options.Weeks));
            person.Team = target;
        }

        return people;
    }

    private Person NewPerson(string id, int team)
    {
        var person = new Person(id) { Team = team, NeverUses = _random.NextDouble() < 0.12, Enthusiasm = 0.5 + _random.NextDouble() };
        var licences = 1 + _random.Next(3);
        foreach (var tool in tools.OrderBy(_ => _random.Next()).Take(licences))
        {
            person.Licences.Add((tool, _random.Next(0, Math.Max(1, options.Weeks / 2))));
        }

        return person;
    }

    private IEnumerable<IngestItem> OrgEvents(List<Team> teams, int orgs, List<Person> people)
    {
        yield return Event("org_unit", new() { ["externalId"] = Company, ["name"] = "Acme Corporation", ["kind"] = "COMPANY" });
        var divisions = orgs > 10 ? (orgs + 19) / 20 : 0;
        for (var d = 0; d < divisions; d++)
        {
            yield return Event("org_unit", new() { ["externalId"] = $"div-{d + 1:D2}", ["name"] = $"{Words[d % Words.Length]} Division", ["kind"] = "ORG", ["parent"] = Company });
        }

        for (var o = 0; o < orgs; o++)
        {
            yield return Event("org_unit", new()
            {
                ["externalId"] = OrgId(o),
                ["name"] = $"{Words[o % Words.Length]} {Words[(o / Words.Length) % Words.Length]} Org",
                ["kind"] = "ORG",
                ["parent"] = divisions > 0 ? $"div-{(o / 20) + 1:D2}" : Company,
            });
            yield return Event("manager", new() { ["person"] = RandomObjectId(), ["orgUnit"] = OrgId(o), ["validFrom"] = Date(_start) });
        }

        foreach (var team in teams)
        {
            yield return Event("org_unit", new() { ["externalId"] = team.Id, ["name"] = $"{Words[_random.Next(Words.Length)]} {team.Id[5..]}", ["kind"] = "TEAM", ["parent"] = OrgId(team.Org) });
            yield return Event("manager", new() { ["person"] = RandomObjectId(), ["orgUnit"] = team.Id, ["validFrom"] = Date(_start) });
        }

        foreach (var demo in options.DemoUsers ?? [])
        {
            switch (demo.Placement)
            {
                case "MANAGER":
                    yield return Event("manager", new() { ["person"] = demo.ObjectId, ["orgUnit"] = teams[0].Id, ["validFrom"] = Date(_start) });
                    break;
                case "LEADER":
                    yield return Event("manager", new() { ["person"] = demo.ObjectId, ["orgUnit"] = OrgId(0), ["validFrom"] = Date(_start) });
                    break;
            }
        }

        foreach (var person in people)
        {
            if (person.MovedWeek is { } moved)
            {
                var day = _start.AddDays(7 * moved);
                yield return Event("membership", new() { ["person"] = person.Id, ["team"] = teams[person.FromTeam!.Value].Id, ["validFrom"] = Date(_start), ["validTo"] = Date(day) });
                yield return Event("membership", new() { ["person"] = person.Id, ["team"] = teams[person.Team].Id, ["validFrom"] = Date(day) });
            }
            else
            {
                yield return Event("membership", new() { ["person"] = person.Id, ["team"] = teams[person.Team].Id, ["validFrom"] = Date(_start) });
            }

            foreach (var (tool, week) in person.Licences)
            {
                yield return Event("tool_access", new() { ["person"] = person.Id, ["tool"] = tool, ["grantedAt"] = Timestamp(_start.AddDays(7 * week), 9) });
            }
        }
    }

    private IEnumerable<IngestItem> WeekEvents(int week, List<Team> teams, List<Person> people)
    {
        var monday = _start.AddDays(7 * week);
        var progress = options.Weeks <= 1 ? 1 : week / (double)(options.Weeks - 1);
        var activeShare = new double[teams.Count];
        var members = new int[teams.Count];
        foreach (var person in people)
        {
            var teamIndex = person.MovedWeek is { } moved && week < moved ? person.FromTeam!.Value : person.Team;
            var team = teams[teamIndex];
            members[teamIndex]++;
            var adoption = 1 / (1 + Math.Exp(-team.AdoptionSpeed * (progress - team.AdoptionStart - 0.2)));
            var licensed = person.Licences.Where(l => l.Week <= week).Select(l => l.Tool).ToList();
            if (person.NeverUses || licensed.Count == 0 || _random.NextDouble() > Math.Min(0.95, adoption * person.Enthusiasm))
            {
                continue;
            }

            activeShare[teamIndex]++;
            var days = (1 + _random.Next(team.TokenMaxxing ? 5 : 4)) * options.UsageScale;
            for (var d = 0; d < days; d++)
            {
                var tool = licensed[_random.Next(licensed.Count)];
                var at = Timestamp(monday.AddDays(_random.Next(5)), 8 + _random.Next(10));
                var scale = team.TokenMaxxing ? 25 : 1;
                yield return Event("ai_usage", new()
                {
                    ["person"] = person.Id,
                    ["tool"] = tool,
                    ["model"] = Model(tool),
                    ["occurredAt"] = at,
                    ["kind"] = "INVOCATION",
                    ["inputTokens"] = scale * _random.Next(2_000, 40_000),
                    ["outputTokens"] = scale * _random.Next(500, 12_000),
                });
                if (_random.NextDouble() < (team.TokenMaxxing ? 0.1 : 0.6))
                {
                    yield return Event("ai_usage", new() { ["person"] = person.Id, ["tool"] = tool, ["model"] = Model(tool), ["occurredAt"] = at, ["kind"] = "OUTPUT_ACCEPTED", ["inputTokens"] = 0, ["outputTokens"] = 0 });
                }

                if (_random.NextDouble() < 0.08)
                {
                    yield return Event("ai_usage", new() { ["person"] = person.Id, ["tool"] = tool, ["model"] = Model(tool), ["occurredAt"] = at, ["kind"] = "FEEDBACK_GIVEN", ["inputTokens"] = 0, ["outputTokens"] = 0 });
                }
            }

            if ((week + 1) % 13 == 0 && _random.NextDouble() < 0.4)
            {
                var tool = licensed[_random.Next(licensed.Count)];
                var baseScore = 5 + (tool.Length % 4) + (team.TokenMaxxing ? -2 : 0);
                yield return Event("survey_response", new() { ["person"] = person.Id, ["tool"] = tool, ["score"] = Math.Clamp(baseScore + _random.Next(-3, 4), 0, 10), ["submittedAt"] = Timestamp(monday.AddDays(2), 15) });
            }
        }

        for (var t = 0; t < teams.Count; t++)
        {
            var team = teams[t];
            var share = members[t] == 0 ? 0 : activeShare[t] / members[t];
            var rate = team.DeploymentRate * (1 + (team.Speedup * share));
            var cornersCut = team.Profile == Profile.CornerCutter ? share : 0;
            var leadFactor = team.Profile switch
            {
                Profile.Adopter => 1 - (0.4 * share),
                Profile.CornerCutter or Profile.Moonshot => 1 - (0.6 * share),
                _ => 1,
            };
            var deployments = Poisson(rate);
            for (var i = 0; i < deployments; i++)
            {
                var day = monday.AddDays(_random.Next(5));
                var started = new DateTime(day, new TimeOnly(9 + _random.Next(8), _random.Next(60)), DateTimeKind.Utc);
                var finished = started.AddMinutes(3 + _random.Next(40));
                var roll = _random.NextDouble();
                var status = roll < 0.03 ? "ROLLED_BACK" : roll < 0.09 ? "FAILED" : "SUCCEEDED";
                // A successful deployment causes an incident at the team's rate, more often the more corners it
                // cuts; half of the rollbacks follow one. Failed deployments never reached users.
                var incident = status switch
                {
                    "SUCCEEDED" => _random.NextDouble() < team.FailureRate + (0.30 * cornersCut),
                    "ROLLED_BACK" => _random.NextDouble() < 0.5,
                    _ => false,
                };
                var fields = new Dictionary<string, object?>
                {
                    ["team"] = team.Id,
                    ["service"] = Services[(t + i) % Services.Length],
                    ["environment"] = "production",
                    ["status"] = status,
                    ["startedAt"] = Iso(started),
                    ["finishedAt"] = Iso(finished),
                    ["leadTimeMinutes"] = (int)(60 * (2 + (_random.NextDouble() * 46)) * leadFactor),
                    ["causedIncident"] = incident,
                };
                if (incident)
                {
                    fields["restoredAt"] = Iso(finished.AddMinutes((15 + _random.Next(600)) * (1 + cornersCut)));
                }

                yield return Event("deployment", fields);
            }
        }
    }

    private IngestItem Event(string type, Dictionary<string, object?> fields)
    {
        _sequence++;
        _counts[type] = _counts.GetValueOrDefault(type) + 1;
        fields["type"] = type;
        fields["eventId"] = $"{type}-{options.Seed}-{_sequence}";
        fields["source"] = GeneratorOptions.Source;
        return new IngestItem(_sequence, JsonSerializer.SerializeToElement(fields), null);
    }

    private string RandomObjectId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private string Model(string tool) => Models.TryGetValue(tool, out var models) ? models[_random.Next(models.Length)] : "default";

    private int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var product = _random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }

        return count;
    }

    private static string OrgId(int org) => $"org-{org + 1:D3}";

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Timestamp(DateOnly day, int hour) => Iso(new DateTime(day, new TimeOnly(hour, 0), DateTimeKind.Utc));

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
