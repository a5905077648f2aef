using System.Globalization;
using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Read;

/// <summary>
/// <c>viewer { usage }</c>: the caller's own values (SELF_REFLECTION), the only per-person read. It stays
/// live (the running period included): the caller's events only, found through the token's object id
/// pseudonymised with the ingestion key, grouped as one pseudo-group of one person, no suppression.
/// No argument names anyone else.
/// </summary>
public sealed class SelfUsageReader(
    MetricsDbContext db,
    DatabaseSettings settings,
    CatalogueReader catalogue,
    PolicyStore policies,
    AuditLog audit,
    Pseudonymiser pseudonymiser,
    IConfiguration configuration,
    TimeProvider clock)
{
    public const string SelfTarget = "self";

    private int TimeoutSeconds => configuration.GetValue("Evaluation:CommandTimeoutSeconds", 300);

    public async Task<UsageSeries> UsageAsync(ClaimsPrincipal caller, string metricKey, string grain, DateOnly from, DateOnly to, string? dimension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var metrics = await catalogue.AllAsync(cancellationToken).ConfigureAwait(false);
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        if (!metrics.TryGetValue(metricKey, out var metric))
        {
            await DenyAsync(metricKey, ErrorCodes.NotFound, PolicyEngine.MetricNotPublished, $"No metric '{metricKey}' in the catalogue.", policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var version = metric!.Current;
        var involved = MetricSet.Involved(metrics, [metric.Key]);
        if (involved.Values.Select(v => MetricDefinition.FromJson(v.Definition)).FirstOrDefault(d => d.Aggregation == Aggregations.ShareOfTeams || (d.Source is not null && !EvaluationSql.IsPersonBased(d.Source))) is { } teamLevel)
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput, $"{metric.Key} is measured for teams ({teamLevel.Source ?? "shares of teams"}), not per person, so there are no values of yours; read it with metricValues.",
                new Dictionary<string, object?> { ["field"] = "metric" });
        }

        var decision = PolicyEngine.Decide(new AccessRequest(
            caller.GetKnownRoles(), Purposes.SelfReflection, metric.Key, version.Kind, CatalogueService.Split(version.AllowedPurposes), version.MinGroupSize,
            MetricSet.IsPublished(version), ScopeInReach: true, GroupsPeople: false), policy);
        if (!decision.Allowed)
        {
            await DenyAsync(metric.Key, decision.ErrorCode!, decision.RuleCodes[0], decision.Explanation, policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var range = PeriodRange.Create(grain, from, to, DateOnly.FromDateTime(now), CatalogueService.Split(version.Grains));
        var dimensions = TableEvaluator.Dimensions(version);
        if (dimension is not null && !dimensions.Contains(dimension, StringComparer.Ordinal))
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput,
                dimensions.Count == 0 ? $"{version.MetricKey} cannot be split by any dimension." : $"{version.MetricKey} can be split by {string.Join(", ", dimensions)}, not '{dimension}'.",
                new Dictionary<string, object?> { ["field"] = "dimension" });
        }

        var person = pseudonymiser.Pseudonymise(caller.GetObjectId() ?? throw new MetricsApiError(ErrorCodes.Forbidden, "Your token has no object id, so there are no values of yours."));
        var quantities = MetricSet.Quantities(metrics, involved, _ => 1);
        var sql = new EvaluationSql(new SqlDialect(settings.Provider), range, DataView.OwnValues(person));
        foreach (var quantity in quantities.Values.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            sql.AddBaseMetric(quantity.Key, quantity.Definition, quantity.Dimensions);
        }

        RawData data;
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            data = await sql.ExecuteAsync(db.Database.GetDbConnection(), TimeoutSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        // One pseudo-group of one person, with k = 1: the same definitions, only ever about the caller.
        var you = new OrgStructure([new OrgNode(0, SelfTarget, "you", SelfTarget, null, "/0/")]);
        foreach (var period in range.Periods)
        {
            data.Headcounts[(0, period.Start)] = 1;
        }

        var table = new TableEvaluator(you, data, range, involved, quantities, _ => 1).Evaluate(metric.Key);
        // Split by a dimension, only the values you have events for in a period are listed.
        var values = dimension is null ? [null] : table.DimensionValues(dimension).Cast<string?>().ToList();
        var points = (from period in range.Periods
                      from value in values
                      let cell = table.Get(new CellKey(0, period.Start, dimension, value))
                      where value is null || !cell.Empty
                      select new UsagePoint(period, period.End.ToDateTime(TimeOnly.MinValue) <= now, value, Round(cell.Value))).ToList();
        await audit.AppendAsync(new AuditRecord(AuditActions.ReadMetricValues, AuditDecisions.Allowed)
        {
            Purpose = Purposes.SelfReflection,
            Metrics = [metric.Key],
            Scope = [SelfTarget],
            Target = $"{metric.Key} v{version.Number} for {SelfTarget} {grain} {Day(range.From)}..{Day(range.To.AddDays(-1))}",
            RuleCodes = decision.RuleCodes,
            PolicyVersion = policy.Version,
            PointsServed = points.Count,
            PointsSuppressed = 0,
        }, cancellationToken).ConfigureAwait(false);
        return new UsageSeries(version, grain, dimension, points, new Provenance(version.Number, policy.Version, 1, now, 0, null, []));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task DenyAsync(string metric, string code, string rule, string message, int policyVersion, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
        {
            Purpose = Purposes.SelfReflection,
            Metrics = [metric],
            Scope = [SelfTarget],
            Target = metric,
            RuleCodes = [rule],
            PolicyVersion = policyVersion,
        }, cancellationToken).ConfigureAwait(false);
        throw new MetricsApiError(code, message, new Dictionary<string, object?> { ["field"] = code == ErrorCodes.NotFound ? "metric" : "purpose" });
    }
}
