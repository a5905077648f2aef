using System.Globalization;
using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Publish;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Read;

/// <summary>A read's series, the plan it was decided with, and the audit entry that records it.</summary>
public sealed record ServedSeries(MetricSeries Series, ReadPlan Plan, AuditRecord Audit);

/// <summary>
/// The one path group values take: read plan (facts, one policy decision) → lookup of release rows →
/// audit → response. Values are never computed here: every value served is a cell of a release built
/// once, with disclosure control over the whole table, and names that release. A denial is audited
/// before its error is returned; a served read is audited before its values leave, and if that fails
/// the read fails.
/// </summary>
public sealed class MetricValuesReader(
    ReadPlanner planner,
    ReleaseLookup lookup,
    DimensionValues dimensions,
    FirstData firstData,
    AuditLog audit,
    IOptions<ReleaseOptions> options,
    TimeProvider clock)
{
    private readonly ReleaseCalendar _calendar = new(options.Value);

    public async Task<MetricSeries> ReadAsync(ClaimsPrincipal caller, MetricValuesRequest request, CancellationToken cancellationToken)
    {
        var served = await ServeAsync(caller, request, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(served.Audit, cancellationToken).ConfigureAwait(false);
        return served.Series;
    }

    /// <summary>
    /// Plans and looks up a read, auditing a denial, but leaves the read's own entry to the caller: for
    /// paths that serve the values in another shape (target progress, CSV export) and record the read as
    /// that (one entry per progress field or file). The caller must append <see cref="ServedSeries.Audit"/>
    /// (or a record of its own covering it) before any value leaves.
    /// </summary>
    public async Task<ServedSeries> ServeAsync(ClaimsPrincipal caller, MetricValuesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var plan = await planner.PlanAsync(caller, request.Metric, request.Purpose, request.Scope, request.GroupBy, cancellationToken).ConfigureAwait(false);
        if (!plan.Decision.Allowed)
        {
            await DenyAsync(plan, request, cancellationToken).ConfigureAwait(false);
        }

        var version = plan.Version!;
        var now = clock.GetUtcNow().UtcDateTime;
        var range = PeriodRange.Create(request.Grain, request.From, request.To, DateOnly.FromDateTime(now), CatalogueService.Split(version.Grains));
        CheckDimension(version, request.Dimension);

        // The guardrails read at this grain (the catalogue makes sure every grain of an ACTIVITY or
        // ADOPTION metric has one); a guardrail is never served at a grain it is not read at.
        var metrics = await planner.CatalogueAsync(cancellationToken).ConfigureAwait(false);
        var guardrails = plan.Guardrails
            .Select(key => metrics.GetValueOrDefault(key)?.Current)
            .OfType<MetricVersion>()
            .Where(g => MetricSet.IsPublished(g) && CatalogueService.Split(g.Grains).Contains(range.Grain))
            .ToList();
        var read = new SeriesRead(request, range, Level(request.GroupBy), plan.Candidates, plan.Groups, now,
            await planner.DisclosureSinceAsync(cancellationToken).ConfigureAwait(false), await firstData.DayAsync(cancellationToken).ConfigureAwait(false));
        var guardrailSeries = new List<MetricSeries>();
        foreach (var guardrail in guardrails)
        {
            guardrailSeries.Add(await SeriesAsync(read, guardrail, null, [], plan, cancellationToken).ConfigureAwait(false));
        }

        var series = await SeriesAsync(read, version, request.Dimension, guardrailSeries, plan, cancellationToken).ConfigureAwait(false);
        var all = series.Points.Concat(series.Guardrails.SelectMany(g => g.Points)).ToList();
        var suppressed = all.Count(p => p.Suppressed);
        return new ServedSeries(series, plan, new AuditRecord(AuditActions.ReadMetricValues, suppressed > 0 ? AuditDecisions.PartiallySuppressed : AuditDecisions.Allowed)
        {
            Purpose = request.Purpose,
            Metrics = [version.MetricKey, .. guardrails.Select(g => g.MetricKey)],
            Scope = plan.ScopeRoots,
            Target = Target(version, request, range),
            RuleCodes = plan.Decision.RuleCodes,
            PolicyVersion = plan.Policy.Version,
            PointsServed = all.Count - suppressed,
            PointsSuppressed = suppressed,
        });
    }

    /// <summary>What one read covers, shared by the metric's series and its guardrails'.</summary>
    private sealed record SeriesRead(MetricValuesRequest Request, PeriodRange Range, string Level, IReadOnlyList<OrgUnit> Candidates,
        IReadOnlyList<OrgUnit> Groups, DateTime Now, int PolicySince, DateOnly? FirstData);

    private async Task<MetricSeries> SeriesAsync(SeriesRead read, MetricVersion version, string? dimension, IReadOnlyList<MetricSeries> guardrails, ReadPlan plan, CancellationToken cancellationToken)
    {
        var range = read.Range;
        var releases = await lookup.ReleasesAsync(version.Id, range.Grain, range.From, range.To, read.PolicySince, cancellationToken).ConfigureAwait(false);
        var cells = await lookup.CellsAsync(releases.Values.Select(r => r.Id).ToList(), read.Level, dimension ?? "",
            read.Candidates.Select(u => u.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var byRelease = cells.ToLookup(c => (c.ReleaseId, c.UnitId));
        var values = dimension is null ? [""] : dimensions.Listed(dimension, cells.Select(c => c.DimensionValue));

        var points = new List<MetricPoint>();
        foreach (var unit in read.Candidates)
        {
            var group = new OrgNode(unit.Id, unit.ExternalId, unit.Name, read.Level, unit.ParentId, unit.Path);
            var isGroupToday = unit.Kind == read.Level;
            foreach (var period in range.Periods)
            {
                var complete = period.End.ToDateTime(TimeOnly.MinValue) <= read.Now;
                if (complete && releases.TryGetValue(period.Start, out var release))
                {
                    // The unit's cells as the period's tree had it (none when it was not at this level then).
                    foreach (var cell in byRelease[(release.Id, unit.Id)].OrderBy(c => c.DimensionValue, StringComparer.Ordinal))
                    {
                        var hidden = cell.Reason is not null;
                        points.Add(new MetricPoint(group, dimension is null ? null : cell.DimensionValue, period, true, hidden ? null : cell.Value, hidden,
                            cell.Reason, hidden ? null : cell.People, release));
                    }

                    continue;
                }

                if (!isGroupToday)
                {
                    continue;
                }

                // A running period says nothing but that it runs; an ended one without its release says why.
                var reason = !complete ? SuppressionReasons.PeriodIncomplete
                    : _calendar.IsOutsideWindow(range.Grain, period.Start, read.Now, read.FirstData) ? SuppressionReasons.OutsideRetention
                    : SuppressionReasons.ReleasePending;
                points.AddRange(values.Select(v => new MetricPoint(group, dimension is null ? null : v, period, complete, null, true, reason, null, null)));
            }
        }

        var served = releases.Values.OrderBy(r => r.PeriodStart).ToList();
        var k = served.Count > 0 ? served.Max(r => r.MinGroupSize) : plan.Policy.EffectiveMinGroupSize(version.MetricKey, version.MinGroupSize);
        var suppressed = points.Count(p => p.Suppressed);
        return new MetricSeries(version, read.Request.Purpose, range.Grain, read.Request.GroupBy, dimension, points, guardrails,
            new Provenance(version.Number, plan.Policy.Version, k, served.Count > 0 ? served.Max(r => r.BuiltAt) : read.Now, suppressed,
                Reconciliation(version, points, k), served));
    }

    private static string Level(string groupBy) => groupBy switch
    {
        GroupLevels.Company => OrgUnitKinds.Company,
        GroupLevels.Org => OrgUnitKinds.Org,
        _ => OrgUnitKinds.Team,
    };

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

    private static string? Reconciliation(MetricVersion version, List<MetricPoint> points, int k)
    {
        var notes = new List<string>();
        var suppressed = points.Count(p => p.Suppressed);
        if (suppressed > 0)
        {
            var complementary = points.Count(p => p.SuppressionReason == SuppressionReasons.Complementary);
            var small = points.Count(p => p.SuppressionReason == SuppressionReasons.BelowMinGroupSize);
            notes.Add($"{suppressed} of {points.Count} points are hidden ({small} with fewer than {k} people, {complementary} by disclosure control: too few contributors, a dominant contributor, a small tail, or covering another hidden value, " +
                $"{suppressed - small - complementary} in periods not released yet or still running); a parent's value still includes its hidden groups, so visible groups do not add up to it.");
        }

        var definition = MetricDefinition.FromJson(version.Definition);
        if (definition.PerEngineer || definition.Aggregation is not (Aggregations.Count or Aggregations.Sum))
        {
            notes.Add($"{definition.Aggregation}{(definition.PerEngineer ? " per engineer" : "")} values are not additive: each group's value is computed from its own people and events, not summed from the groups below it.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    private static string Target(MetricVersion version, MetricValuesRequest request, PeriodRange range) =>
        $"{version.MetricKey} v{version.Number} by {request.GroupBy} {range.Grain} {Day(range.From)}..{Day(range.To.AddDays(-1))}" + (request.Dimension is null ? "" : $" split by {request.Dimension}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task DenyAsync(ReadPlan plan, MetricValuesRequest request, CancellationToken cancellationToken)
    {
        var decision = plan.Decision;
        await audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
        {
            Purpose = request.Purpose,
            Metrics = [plan.MetricKey],
            Scope = request.Scope is null ? plan.ScopeRoots : [request.Scope],
            Target = plan.MetricKey,
            RuleCodes = [decision.RuleCodes[0]],
            PolicyVersion = plan.Policy.Version,
        }, cancellationToken).ConfigureAwait(false);
        throw new MetricsApiError(decision.ErrorCode!, decision.Explanation, new Dictionary<string, object?>
        {
            ["field"] = decision.ErrorCode == ErrorCodes.NotFound ? "metric" : decision.ErrorCode == ErrorCodes.OutOfScope ? "scope" : "purpose",
        });
    }
}
