using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Access.Purposes;

namespace MetricsApi.Features.Catalogue;

/// <summary>
/// The metrics of PRODUCT.md §1, published at first start by the service's own identity
/// (<c>system:metricsapi</c>, recorded as such in the audit log), plus the helper metrics the ratios
/// are computed from. None allows PERFORMANCE_REVIEW: even outcome counts turn into targets people game.
/// </summary>
public static class StandardCatalogue
{
    private const string Platform = "Engineering Effectiveness";
    private const string Steward = "metrics-council";
    private static readonly IReadOnlyList<string> Team = [TeamImprovement, PortfolioReporting];
    private static readonly IReadOnlyList<string> Tools = [TeamImprovement, ToolEvaluation, PortfolioReporting];

    /// <summary>Metrics measured per person: an engineer may also read their own values (viewer { usage }).</summary>
    private static readonly IReadOnlyList<string> PersonalTools = [TeamImprovement, ToolEvaluation, PortfolioReporting, SelfReflection];

    private static readonly MetricFilter Production = new("environment", "EQ", ["production"]);
    private static readonly MetricFilter Succeeded = new("status", "EQ", ["SUCCEEDED"]);

    public static IReadOnlyList<MetricInput> Metrics { get; } =
    [
        Metric("production_deployments", "Production deployments", MetricKinds.Outcome, "deployments",
            "Number of successful deployments to production in the period. Helper for change failure rate. Counts deployments, not changes: batching many changes into one deployment lowers it, splitting raises it. Gaming: trivial redeploys inflate it; read it with lead time and change failure rate.",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Count, Filters = [Production, Succeeded] }, Team, [], [Grains.Week]),
        Metric("incident_causing_deployments", "Deployments that caused an incident", MetricKinds.Outcome, "deployments",
            "Number of successful production deployments marked causedIncident (they led to a production incident or needed remediation). Helper for change failure rate. Depends on incident tooling linking incidents to deployments; unlinked incidents are not counted.",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Count, Filters = [Production, Succeeded, new("causedIncident", "EQ", ["true"])] }, Team, [], [Grains.Week]),
        Metric("change_failure_rate", "Change failure rate", MetricKinds.Outcome, "share (0–1)",
            "DORA change failure rate as Apache DevLake defines it: deployments to production that caused an incident divided by all successful production deployments in the period (incident_causing_deployments / production_deployments). A guardrail for speed metrics: if velocity rises while this rises too, quality is paying for speed. Small denominators swing wildly; for small teams read the trend over several weeks. Read weekly only: its counts add up over time, and monthly values next to weekly ones could give hidden weeks back.",
            new() { Aggregation = Aggregations.Ratio, Numerator = "incident_causing_deployments", Denominator = "production_deployments" }, Team, [], [Grains.Week]),
        Metric("median_lead_time", "Median lead time for changes", MetricKinds.Outcome, "minutes",
            "DORA lead time for changes: the median of leadTimeMinutes (first commit to running in production, as the delivery pipeline reports it) over successful production deployments in the period. Deployments without a lead time are left out. The median resists outliers; a falling median with a rising p90 means some changes still wait long.",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Median, Field = "leadTimeMinutes", Filters = [Production, Succeeded] }, Team, ["change_failure_rate"], [Grains.Week, Grains.Month]),
        Metric("median_time_to_restore", "Median time to restore service", MetricKinds.Outcome, "minutes",
            "DORA time to restore: the median of restoredAt minus finishedAt over production deployments that caused an incident, in the period the deployment finished. Deployments whose incident is not yet restored are not counted until it is.",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Median, Field = "timeToRestoreMinutes", Filters = [Production, new("causedIncident", "EQ", ["true"])] }, Team, [], [Grains.Week, Grains.Month]),
        Metric("deployments_per_engineer_weekly", "Deployments per engineer per week", MetricKinds.Outcome, "deployments per engineer",
            "Successful production deployments of the group in the week divided by the group's headcount in that week (people with a team membership valid in the period). The 'release velocity' of leadership targets. Read it as a trend per team, not a ranking: team size, service architecture and release process drive it. Gaming: splitting deployments; guard with change failure rate and lead time.",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Count, Filters = [Production, Succeeded], PerEngineer = true }, Team, ["change_failure_rate", "median_lead_time"], [Grains.Week]),
        Metric("deployment_days_weekly", "Deployment days per week (deployment frequency)", MetricKinds.Outcome, "days",
            "DORA deployment frequency as Apache DevLake makes it precise: the number of distinct days in the period with at least one successful deployment to production (finishedAt decides the day, UTC). Several deployments on one day count once, so it rewards a steady cadence rather than volume. Elite teams deploy on demand (several days a week).",
            new() { Source = EventTypes.Deployment, Aggregation = Aggregations.DistinctDays, Filters = [Production, Succeeded] }, Team, ["change_failure_rate", "median_lead_time"], [Grains.Week]),
        Metric("active_ai_users", "Active AI users", MetricKinds.Adoption, "people",
            "Distinct people with at least one AI tool event (invocation, accepted output or feedback) in the period; split by tool for per-tool counts. Helper for per-user ratios and licence utilisation. A yes/no per person: it says nothing about how much or how well a tool is used.",
            new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople }, PersonalTools, ["deployments_per_engineer_weekly", "median_lead_time"], [Grains.Week, Grains.Month], ["tool"]),
        Metric("weekly_active_ai_users", "Weekly active AI users (share of engineers)", MetricKinds.Adoption, "share (0–1)",
            "Share of the group's engineers (headcount with a membership valid in the week) who used any AI tool at least once that week. The '80% of developers use AI weekly' target. Adoption is not value: read it with the deployment guardrail; a team can be 100% active and deliver nothing more. Gaming: one token call a week counts as active.",
            new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.ShareOfPeople }, PersonalTools, ["deployments_per_engineer_weekly", "change_failure_rate"], [Grains.Week]),
        Metric("monthly_active_users_per_tool", "Monthly active users per AI tool", MetricKinds.Adoption, "people",
            "Distinct people using each AI tool at least once in the calendar month (split by tool). Compares tools' reach; it does not compare their value (see NPS and value-deriving events).",
            new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople }, PersonalTools, ["median_lead_time"], [Grains.Month], ["tool"]),
        Metric("ai_native_team_rate", "AI-native team rate", MetricKinds.Adoption, "share of teams (0–1)",
            "Share of the group's teams whose weekly active AI user share is at least 0.8 in the week (teams below the minimum group size are left out rather than guessed). Tracks the 'adoption across small teams' goal; a rising rate with flat deployments means tools are used without changing delivery.",
            new() { Aggregation = Aggregations.ShareOfTeams, Metric = "weekly_active_ai_users", Threshold = 0.8, Comparison = "GTE" }, Tools, ["deployments_per_engineer_weekly"], [Grains.Week]),
        Metric("licensed_users", "People with access to an AI tool", MetricKinds.Adoption, "people",
            "Distinct people holding access (a licence) to each AI tool during the period: granted before the period ends and not revoked before it starts (tool_access grantedAt/revokedAt), attributed to one team (the membership overlapping the period that started last). Helper for licence utilisation.",
            new() { Source = EventTypes.ToolAccess, Aggregation = Aggregations.DistinctPeople }, PersonalTools, ["median_lead_time"], [Grains.Month], ["tool"]),
        Metric("licence_utilisation", "Licence utilisation (access versus use)", MetricKinds.Adoption, "share (0–1)",
            "Per tool: people who used the tool in the month divided by people given access to it (active_ai_users / licensed_users). Licences granted but unused are cost without value; a low rate asks why (training, fit, friction), not who.",
            new() { Aggregation = Aggregations.Ratio, Numerator = "active_ai_users", Denominator = "licensed_users" }, PersonalTools, ["median_lead_time"], [Grains.Month], ["tool"]),
        Metric("value_deriving_events", "Value-deriving AI events", MetricKinds.Activity, "events",
            "AI tool events that signal value: outputs accepted and feedback given (kind OUTPUT_ACCEPTED or FEEDBACK_GIVEN). Raw activity volume: never a target, never ranked, always read with its outcome guardrails.",
            new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.Count, Filters = [new("kind", "IN", ["OUTPUT_ACCEPTED", "FEEDBACK_GIVEN"])] }, PersonalTools, ["deployments_per_engineer_weekly"], [Grains.Week], ["tool"]),
        Metric("value_events_per_active_user", "Value-deriving events per active user", MetricKinds.Activity, "events per person",
            "value_deriving_events divided by active_ai_users in the period. Says whether people who use the tools get outputs they keep. Goodhart-prone: accepting and discarding outputs inflates it; never use it for individuals or targets.",
            new() { Aggregation = Aggregations.Ratio, Numerator = "value_deriving_events", Denominator = "active_ai_users" }, PersonalTools, ["deployments_per_engineer_weekly", "change_failure_rate"], [Grains.Week], ["tool"]),
        Metric("total_tokens", "Tokens consumed", MetricKinds.Activity, "tokens",
            "Sum of input plus output tokens of all AI tool events in the period. Cost, not value. Token leaderboards produced 'tokenmaxxing' (pointless agent runs to look busy): never ranked, never a target, never per person.",
            new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.Sum, Field = "totalTokens" }, PersonalTools, ["deployments_per_engineer_weekly"], [Grains.Week], ["tool"]),
        Metric("tokens_per_active_user", "Tokens per active user", MetricKinds.Activity, "tokens per person",
            "total_tokens divided by active_ai_users in the period. Useful for capacity and cost planning per tool. High values with flat deployments and change failure rate are the signature of tokenmaxxing, not productivity.",
            new() { Aggregation = Aggregations.Ratio, Numerator = "total_tokens", Denominator = "active_ai_users" }, PersonalTools, ["deployments_per_engineer_weekly", "change_failure_rate"], [Grains.Week], ["tool"]),
        Metric("engineer_nps_per_tool", "Engineer NPS per AI tool", MetricKinds.Sentiment, "NPS (−100 to 100)",
            "Net Promoter Score of each tool from survey answers (0–10) in the period: percent of promoters (9–10) minus percent of detractors (0–6). Sentiment of a group, never of a person; answer rates vary, so read it with the number of respondents (shown only at or above the group-size threshold).",
            new() { Source = EventTypes.SurveyResponse, Aggregation = Aggregations.Nps, Field = "score" }, Tools, [], [Grains.Month], ["tool"]),
    ];

    /// <summary>
    /// Publishes the standard catalogue into an empty catalogue, as the system identity, unless
    /// <c>Catalogue:PublishStandard</c> is false (a company that curates its own catalogue from scratch).
    /// </summary>
    public static async Task PublishStandardCatalogueAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("Catalogue:PublishStandard", defaultValue: true))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MetricsDbContext>();
        if (await db.Set<MetricVersion>().AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        scope.ServiceProvider.GetRequiredService<AuditActor>().UseSystemIdentity("standard-catalogue");
        var catalogue = scope.ServiceProvider.GetRequiredService<CatalogueService>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var metric in Metrics)
            {
                await catalogue.PublishAsSystemAsync(metric, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Several instances started on an empty database at once, and another one published the
            // catalogue first: there is nothing left to do.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static MetricInput Metric(string key, string name, string kind, string unit, string description, MetricDefinition definition,
        IReadOnlyList<string> purposes, IReadOnlyList<string> guardrails, IReadOnlyList<string> grains, IReadOnlyList<string>? dimensions = null) => new()
        {
            Key = key,
            Name = name,
            Kind = kind,
            Unit = unit,
            Description = description,
            Definition = definition,
            Owner = Platform,
            Steward = Steward,
            AllowedPurposes = purposes,
            Guardrails = guardrails,
            Grains = grains,
            Dimensions = dimensions ?? [],
            MinGroupSize = MetricValidator.PolicyFloor,
            Reason = "Standard catalogue, published at first start.",
        };
}
