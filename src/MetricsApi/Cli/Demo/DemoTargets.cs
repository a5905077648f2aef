using MetricsApi.Features.Audit;
using MetricsApi.Targets.Define;

namespace MetricsApi.Cli.Demo;

/// <summary>
/// The targets the demo organisation starts with: the four goals the product was asked for (triple
/// release velocity, 25 teams tenfold, 80 % of teams AI-native, 80 % of developers using AI weekly) and
/// leo's velocity targets for org-001 and two of its teams, all measured from the first four weeks of
/// demo telemetry, the deadline eight weeks after it ends. The two ADOPTION targets wait for a
/// PrivacyOfficer (priya) to approve them, as every ADOPTION target does.
/// </summary>
public static class DemoTargets
{
    public const string Velocity = "deployments_per_engineer_weekly";

    public static IReadOnlyList<TargetInput> For(DateOnly start, DateOnly end)
    {
        var baselineTo = start.AddDays((7 * 4) - 1);
        var deadline = end.AddDays((7 * 8) - 1);
        TargetInput Target(string key, string unit, string metric, double? multiple, double? value, string owner, string why) => new()
        {
            Key = key,
            Metric = metric,
            Unit = unit,
            BaselineGrain = Features.Catalogue.Grains.Week,
            BaselineFrom = start,
            BaselineTo = baselineTo,
            GoalMultiple = multiple,
            GoalValue = value,
            Deadline = deadline,
            Owner = owner,
            Description = why,
            Reason = "Demo organisation, set at first start.",
        };

        return
        [
            Target("acme-release-velocity-3x", "acme", Velocity, 3, null, "CTO office",
                "Every team is asked to triple its release velocity (successful production deployments per engineer per week) against its first four weeks, without paying for it in change failure rate or lead time."),
            Target("acme-release-velocity-10x", "acme", Velocity, 10, null, "CTO office",
                "At least 25 teams are asked to raise release velocity tenfold; the roll-up counts the teams at 10× their own baseline."),
            Target("acme-ai-native-teams-80", "acme", "ai_native_team_rate", null, 0.8, "CTO office",
                "80 % of teams on AI-native practice (at least 80 % of the team active with an AI tool in a week)."),
            Target("acme-ai-weekly-80", "acme", "weekly_active_ai_users", null, 0.8, "CTO office",
                "80 % of developers use an AI tool every week. Adoption is not value: read it with its delivery guardrails."),
            Target("org-001-release-velocity-3x", "org-001", Velocity, 3, null, "leo (leads org-001)",
                "org-001 triples its release velocity; its four teams are too few for a roll-up, which is suppressed."),
            Target("team-0001-release-velocity-3x", "team-0001", Velocity, 3, null, "leo (leads org-001)",
                "team-0001 triples its release velocity with its new AI tooling."),
            Target("team-0002-release-velocity-3x", "team-0002", Velocity, 3, null, "leo (leads org-001)",
                "team-0002 triples its release velocity; watch its change failure rate."),
        ];
    }

    /// <summary>Sets the demo targets as the service itself (one TARGET_CHANGE entry each).</summary>
    public static async Task SeedAsync(IServiceProvider services, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().UseSystemIdentity("demo-targets");
        var targets = scope.ServiceProvider.GetRequiredService<TargetService>();
        foreach (var target in For(start, end))
        {
            await targets.CreateAsSystemAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }
}
