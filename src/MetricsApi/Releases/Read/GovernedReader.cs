using System.Globalization;
using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Access.Scope;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Read;

/// <summary>A <c>metricValues</c> request as the client sent it.</summary>
public sealed record MetricValuesRequest(string Metric, string Purpose, string Grain, DateOnly From, DateOnly To, string? Scope, string GroupBy, string? Dimension);

/// <summary>
/// The one path metric values take: facts → policy decision → evaluation in the database → suppression
/// → audit → response. A denial is audited before its error is returned; a served read is audited
/// before its values leave, and if that fails the read fails.
/// </summary>
public sealed class GovernedReader(
    MetricsDbContext db,
    DatabaseSettings settings,
    CatalogueReader catalogue,
    ScopeResolver scopes,
    PolicyStore policies,
    AuditLog audit,
    Pseudonymiser pseudonymiser,
    IConfiguration configuration,
    Microsoft.Extensions.Options.IOptions<IngestionOptions> ingestion,
    TimeProvider clock)
{
    public const string SelfTarget = "self";
    private const string UnpublishedRule = PolicyEngine.MetricNotPublished;

    private int TimeoutSeconds => configuration.GetValue("Evaluation:CommandTimeoutSeconds", 300);

    public async Task<MetricSeries> ReadAsync(ClaimsPrincipal caller, MetricValuesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var metrics = await catalogue.AllAsync(cancellationToken).ConfigureAwait(false);
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        if (!metrics.TryGetValue(request.Metric, out var metric))
        {
            await DenyAsync(request.Metric, request.Purpose, request.Scope, ErrorCodes.NotFound, UnpublishedRule, $"No metric '{request.Metric}' in the catalogue.", policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var version = metric!.Current;
        var reachable = await scopes.ResolveAsync(caller, on: null, cancellationToken).ConfigureAwait(false);
        var groups = ScopeGroups.Select(reachable, request.Scope, request.GroupBy);
        var decision = PolicyEngine.Decide(new AccessRequest(
            caller.GetKnownRoles(), request.Purpose, metric.Key, version.Kind, CatalogueService.Split(version.AllowedPurposes), version.MinGroupSize,
            IsPublished(version), groups.Count > 0), policy);
        if (!decision.Allowed)
        {
            await DenyAsync(metric.Key, request.Purpose, request.Scope, decision.ErrorCode!, decision.RuleCodes[0], decision.Explanation, policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var range = Range(request.Grain, request.From, request.To, version);
        CheckDimension(version, request.Dimension);

        // The guardrails read at this grain (the catalogue makes sure every grain of an ACTIVITY or
        // ADOPTION metric has one); a guardrail is never evaluated at a grain it is not read at.
        var guardrails = CatalogueService.Split(version.Guardrails)
            .Where(key => metrics.TryGetValue(key, out var g) && CatalogueService.Split(g.Current.Grains).Contains(range.Grain)).ToList();
        var involved = Involved(metrics, [metric.Key, .. guardrails]);
        var history = await policies.HistoryAsync(cancellationToken).ConfigureAwait(false);
        var quantities = Quantities(metrics, involved, [.. history.Select(p => (Func<MetricVersion, int>)(v => p.EffectiveMinGroupSize(v.MetricKey, v.MinGroupSize))), v => policy.EffectiveMinGroupSize(v.MetricKey, v.MinGroupSize)]);
        var sql = new EvaluationSql(new SqlDialect(settings.Provider), range, person: null);
        sql.AddUnits();
        sql.AddHeadcounts();
        sql.AddSharedPeople();
        AddBaseMetrics(sql, quantities);
        var data = await ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        var computedAt = clock.GetUtcNow().UtcDateTime;

        var evaluator = new TableEvaluator(data, range, involved, quantities, key => policy.EffectiveMinGroupSize(key, involved[key].MinGroupSize));
        var served = groups.Select(g => data.Units[g.Id]).ToList();
        var series = Series(evaluator, data, version, policy.Version, request, range, served, request.Dimension, computedAt,
            guardrails.Select(key => Series(evaluator, data, involved[key], policy.Version, request, range, served, null, computedAt, [], Listed)).ToList(), Listed);

        var all = series.Points.Concat(series.Guardrails.SelectMany(g => g.Points)).ToList();
        var suppressed = all.Count(p => p.Suppressed);
        await audit.AppendAsync(new AuditRecord(AuditActions.ReadMetricValues, suppressed > 0 ? AuditDecisions.PartiallySuppressed : AuditDecisions.Allowed)
        {
            Purpose = request.Purpose,
            Metrics = [metric.Key, .. guardrails],
            Scope = [request.Scope ?? "(caller's scope)"],
            Target = Target(version, request, range),
            RuleCodes = decision.RuleCodes,
            PolicyVersion = policy.Version,
            PointsServed = all.Count - suppressed,
            PointsSuppressed = suppressed,
        }, cancellationToken).ConfigureAwait(false);
        return series;
    }

    /// <summary>The caller's own values (SELF_REFLECTION): their events only, no grouping, no suppression.</summary>
    public async Task<UsageSeries> UsageAsync(ClaimsPrincipal caller, string metricKey, string grain, DateOnly from, DateOnly to, string? dimension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var metrics = await catalogue.AllAsync(cancellationToken).ConfigureAwait(false);
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        if (!metrics.TryGetValue(metricKey, out var metric))
        {
            await DenyAsync(metricKey, Purposes.SelfReflection, SelfTarget, ErrorCodes.NotFound, UnpublishedRule, $"No metric '{metricKey}' in the catalogue.", policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var version = metric!.Current;
        var involved = Involved(metrics, [metric.Key]);
        if (involved.Values.Select(v => MetricDefinition.FromJson(v.Definition)).FirstOrDefault(d => d.Aggregation == Aggregations.ShareOfTeams || (d.Source is not null && !EvaluationSql.IsPersonBased(d.Source))) is { } teamLevel)
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput, $"{metric.Key} is measured for teams ({teamLevel.Source ?? "shares of teams"}), not per person, so there are no values of yours; read it with metricValues.",
                new Dictionary<string, object?> { ["field"] = "metric" });
        }

        var decision = PolicyEngine.Decide(new AccessRequest(
            caller.GetKnownRoles(), Purposes.SelfReflection, metric.Key, version.Kind, CatalogueService.Split(version.AllowedPurposes), version.MinGroupSize,
            IsPublished(version), ScopeInReach: true, GroupsPeople: false), policy);
        if (!decision.Allowed)
        {
            await DenyAsync(metric.Key, Purposes.SelfReflection, SelfTarget, decision.ErrorCode!, decision.RuleCodes[0], decision.Explanation, policy.Version, cancellationToken).ConfigureAwait(false);
        }

        var range = Range(grain, from, to, version);
        CheckDimension(version, dimension);
        var person = pseudonymiser.Pseudonymise(caller.GetObjectId() ?? throw new MetricsApiError(ErrorCodes.Forbidden, "Your token has no object id, so there are no values of yours."));
        var quantities = Quantities(metrics, involved, [_ => 1]);
        var sql = new EvaluationSql(new SqlDialect(settings.Provider), range, person);
        AddBaseMetrics(sql, quantities);
        var data = await ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        var computedAt = clock.GetUtcNow().UtcDateTime;

        // One pseudo-group of one person, with k = 1: the same definitions, only ever about the caller.
        data.Units[0] = new OrgNode(0, SelfTarget, "you", SelfTarget, null, "/0/");
        foreach (var period in range.Periods)
        {
            data.Headcounts[(0, period.Start)] = 1;
        }

        var table = new TableEvaluator(data, range, involved, quantities, _ => 1).Evaluate(metric.Key);
        // Split by a dimension, only the values you have events for in a period are listed.
        var values = dimension is null ? [null] : table.DimensionValues(dimension).Cast<string?>().ToList();
        var points = (from period in range.Periods
                      from value in values
                      let cell = table.Get(new CellKey(0, period.Start, dimension, value))
                      where value is null || !cell.Empty
                      select new UsagePoint(period, period.End.ToDateTime(TimeOnly.MinValue) <= computedAt, value, Round(cell.Value))).ToList();
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
        return new UsageSeries(version, grain, dimension, points, new Provenance(version.Number, policy.Version, 1, computedAt, 0, null));
    }

    private static bool IsPublished(MetricVersion version) => version.Status is MetricStatuses.Published or MetricStatuses.Deprecated;

    private PeriodRange Range(string grain, DateOnly from, DateOnly to, MetricVersion version) =>
        PeriodRange.Create(grain, from, to, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), CatalogueService.Split(version.Grains));

    private static void CheckDimension(MetricVersion version, string? dimension)
    {
        var dimensions = TableEvaluator.Dimensions(version);
        if (dimension is not null && !dimensions.Contains(dimension, StringComparer.Ordinal))
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput,
                dimensions.Count == 0 ? $"{version.MetricKey} cannot be split by any dimension." : $"{version.MetricKey} can be split by {string.Join(", ", dimensions)}, not '{dimension}'.",
                new Dictionary<string, object?> { ["field"] = "dimension" });
        }
    }

    /// <summary>The current versions of the given metrics and of every metric they are computed from.</summary>
    private static Dictionary<string, MetricVersion> Involved(IReadOnlyDictionary<string, Metric> metrics, IEnumerable<string> keys)
    {
        var involved = new Dictionary<string, MetricVersion>(StringComparer.Ordinal);
        var pending = new Stack<string>(keys);
        while (pending.TryPop(out var key))
        {
            if (involved.ContainsKey(key) || !metrics.TryGetValue(key, out var metric))
            {
                continue;
            }

            involved[key] = metric.Current;
            foreach (var reference in MetricDefinition.FromJson(metric.Current.Definition).References)
            {
                pending.Push(reference);
            }
        }

        return involved;
    }

    /// <summary>
    /// The quantities of the involved base metrics, each over every published metric that counts the
    /// same thing (their dimensions and their largest k), so that each has one pattern.
    /// </summary>
    private static Dictionary<string, Quantity> Quantities(IReadOnlyDictionary<string, Metric> metrics, Dictionary<string, MetricVersion> involved, IReadOnlyList<Func<MetricVersion, int>> minGroupSize)
    {
        var all = metrics.Values.Select(m => m.Current).Where(IsPublished).Concat(involved.Values).DistinctBy(v => v.Id);
        var needed = involved.Values.Select(v => MetricDefinition.FromJson(v.Definition)).Where(d => d.Source is not null).Select(Quantity.KeyOf).ToHashSet(StringComparer.Ordinal);
        return Quantity.Of(all, minGroupSize).Where(q => needed.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
    }

    private static void AddBaseMetrics(EvaluationSql sql, Dictionary<string, Quantity> quantities)
    {
        foreach (var quantity in quantities.Values.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            sql.AddBaseMetric(quantity.Key, quantity.Definition, quantity.Dimensions);
        }
    }

    private async Task<RawData> ExecuteAsync(EvaluationSql sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await sql.ExecuteAsync(db.Database.GetDbConnection(), TimeoutSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The values a split lists: a fixed set where there is one (the configured tools, an enum's values),
    /// each with a point for every group, so that the list never tells that someone somewhere used a tool
    /// (a tool one person pilots would otherwise appear in everyone's split the weeks they use it).
    /// Free-text fields list the values seen in the periods, and so do tools removed from the configuration
    /// that still have data (otherwise the split would silently stop adding up to the total).
    /// </summary>
    private List<string?> Listed(string dimension, MetricTable table)
    {
        var enumValues = SourceFields.ByType.Values.SelectMany(f => f).Where(f => f.Name == dimension && f.Values is not null).SelectMany(f => f.Values!).ToList();
        IEnumerable<string> values = dimension == "tool"
            ? ingestion.Value.Tools.Union(table.DimensionValues(dimension), StringComparer.Ordinal)
            : enumValues.Count > 0 ? enumValues : table.DimensionValues(dimension);
        return values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Cast<string?>().ToList();
    }

    private static MetricSeries Series(TableEvaluator evaluator, RawData data, MetricVersion version, int policyVersion, MetricValuesRequest request,
        PeriodRange range, IReadOnlyList<OrgNode> groups, string? dimension, DateTime computedAt, IReadOnlyList<MetricSeries> guardrails,
        Func<string, MetricTable, List<string?>> listed)
    {
        var table = evaluator.Evaluate(version.MetricKey);
        var values = dimension is null ? [null] : listed(dimension, table);
        var points = (from g in groups
                      from period in range.Periods
                      from value in values
                      let cell = table.Get(new CellKey(g.Id, period.Start, dimension, value))
                      let complete = period.End.ToDateTime(TimeOnly.MinValue) <= computedAt
                      let hidden = cell.Suppressed || !complete
                      // A running period says nothing but that it runs: its real reasons would change as
                      // people start using a tool, readable by polling.
                      let reason = !complete ? SuppressionReasons.PeriodIncomplete : cell.Reason
                      select new MetricPoint(g, value, period, complete, hidden ? null : Round(cell.Value), hidden,
                          hidden ? reason : null, hidden ? null : cell.People)).ToList();
        var effectiveK = evaluator.MinGroupSize(version.MetricKey);
        var suppressed = points.Count(p => p.Suppressed);
        return new MetricSeries(version, request.Purpose, range.Grain, request.GroupBy, dimension, points, guardrails,
            new Provenance(version.Number, policyVersion, effectiveK, computedAt, suppressed,
                Reconciliation(version, points, groups, data, effectiveK)));
    }

    private static string? Reconciliation(MetricVersion version, List<MetricPoint> points, IReadOnlyList<OrgNode> groups, RawData data, int k)
    {
        var notes = new List<string>();
        var suppressed = points.Count(p => p.Suppressed);
        if (suppressed > 0)
        {
            var complementary = points.Count(p => p.SuppressionReason == SuppressionReasons.Complementary);
            var running = points.Count(p => p.SuppressionReason == SuppressionReasons.PeriodIncomplete);
            notes.Add($"{suppressed} of {points.Count} points are hidden ({suppressed - complementary - running} with fewer than {k} people, {complementary} so that those cannot be worked out from totals, {running} in a period that has not ended); " +
                "a parent's value still includes its hidden groups, so visible groups do not add up to it.");
        }

        var teams = data.Units.Values.Where(u => u.Kind == OrgUnitKinds.Team && groups.Any(g => u.Path.StartsWith(g.Path, StringComparison.Ordinal)));
        if (teams.Any(t => data.TeamsWithSharedPeople.Contains(t.Id)))
        {
            notes.Add("Some people moved or belonged to several teams in these periods: each of their events counts for one team (the membership valid then that started last), but they are in the headcount of every team they belonged to, so headcounts and people counts do not add up to their org's.");
        }

        var definition = MetricDefinition.FromJson(version.Definition);
        if (definition.PerEngineer || definition.Aggregation is not (Aggregations.Count or Aggregations.Sum))
        {
            notes.Add($"{definition.Aggregation}{(definition.PerEngineer ? " per engineer" : "")} values are not additive: each group's value is computed from its own people and events, not summed from the groups below it.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;

    private static string Target(MetricVersion version, MetricValuesRequest request, PeriodRange range) =>
        $"{version.MetricKey} v{version.Number} by {request.GroupBy} {range.Grain} {Day(range.From)}..{Day(range.To.AddDays(-1))}" + (request.Dimension is null ? "" : $" split by {request.Dimension}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task DenyAsync(string metric, string purpose, string? scope, string code, string rule, string message, int policyVersion, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
        {
            Purpose = purpose,
            Metrics = [metric],
            Scope = [scope ?? "(caller's scope)"],
            Target = metric,
            RuleCodes = [rule],
            PolicyVersion = policyVersion,
        }, cancellationToken).ConfigureAwait(false);
        throw new MetricsApiError(code, message, new Dictionary<string, object?> { ["field"] = code == ErrorCodes.NotFound ? "metric" : code == ErrorCodes.OutOfScope ? "scope" : "purpose" });
    }
}
