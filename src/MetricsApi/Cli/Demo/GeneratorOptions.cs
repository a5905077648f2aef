namespace MetricsApi.Cli.Demo;

/// <summary>
/// What <see cref="OrganisationGenerator"/> builds. The same options always give the same events.
/// </summary>
/// <param name="Teams">Number of two-pizza teams (4–12 engineers each).</param>
/// <param name="Weeks">Weeks of telemetry, ending the Monday <paramref name="End"/>.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="End">First day after the generated period (a Monday).</param>
/// <param name="DemoUsers">Named people to place in the org (the Development demo users), by role.</param>
/// <param name="UsageScale">Multiplies the AI tool events of every active person-day (benchmarks of reads that must not grow with events).</param>
public sealed record GeneratorOptions(int Teams, int Weeks, int Seed, DateOnly End, IReadOnlyList<DemoUser>? DemoUsers = null, int UsageScale = 1)
{
    public const string Source = "generator";
}

/// <summary>A named person of the demo organisation, whose person id is their dev-token object id.</summary>
/// <param name="Name">The dev-token user name.</param>
/// <param name="ObjectId">The object id their dev token carries.</param>
/// <param name="Placement">Where they sit: MEMBER of the first team, MANAGER of the first team, LEADER of the first org, or NONE.</param>
public sealed record DemoUser(string Name, string ObjectId, string Placement);
