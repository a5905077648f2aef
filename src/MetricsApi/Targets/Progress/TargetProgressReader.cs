using System.Globalization;
using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;
using Microsoft.Extensions.Options;

namespace MetricsApi.Targets.Progress;

/// <summary>A progress result with the audit entry that records its reads.</summary>
public sealed record ServedProgress(TargetProgress Progress, AuditRecord Audit);

/// <summary>
/// Reads a target's progress through the governed read path: the unit's values (and for a roll-up its
/// teams') are <c>metricValues</c> reads under the caller's purpose, roles and scope — the same plan,
/// the same released cells, the same suppression, denials audited as DENIED — and the progress figures
/// are computed from the points those reads serve, never from events. Each progress read is one
/// READ_TARGET_PROGRESS entry, appended before anything leaves.
/// </summary>
public sealed class TargetProgressReader(TargetReader targets, MetricValuesReader values, AuditLog audit, IOptions<TargetOptions> options, TimeProvider clock)
{
    private readonly ProgressCalculator _calculator = new(options.Value);

    public async Task<TargetProgress> ReadAsync(ClaimsPrincipal caller, string key, string purpose, CancellationToken cancellationToken)
    {
        var served = await ServeAsync(caller, key, purpose, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(served.Audit, cancellationToken).ConfigureAwait(false);
        return served.Progress;
    }

    /// <summary>Reads the progress without appending its entry (the CSV export records the file as one EXPORT entry instead).</summary>
    public async Task<ServedProgress> ServeAsync(ClaimsPrincipal caller, string key, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var target = InForce(await targets.GetAsync(caller, key, cancellationToken).ConfigureAwait(false));
        var row = target.Row;
        var read = Request(target, purpose, Level(target.Unit.Kind));
        var unit = await values.ServeAsync(caller, read, cancellationToken).ConfigureAwait(false);
        var series = unit.Series;
        var released = series.Points.Where(p => p.Group.Id == target.Unit.Id && p.Release is not null).Select(p => p.Period.Start).ToHashSet();
        var periods = ProgressCalculator.Periods(row, Periods(read), p => released.Contains(p.Start));
        var assessment = _calculator.Assess(row, GroupValues.Of(series, target.Unit.Id), periods);

        PortfolioRollup? rollup = null;
        string? rollupNote;
        var reads = new List<ServedSeries> { unit };
        if (target.Unit.Kind == OrgUnitKinds.Team)
        {
            rollupNote = "A team target has no roll-up.";
        }
        else if (row.MetricKind != MetricKinds.Outcome)
        {
            rollupNote = "ADOPTION targets are not rolled up by team: a per-team count would turn an org's adoption goal into team-level usage targets.";
        }
        else
        {
            var teams = await values.ServeAsync(caller, read with { GroupBy = GroupLevels.Team }, cancellationToken).ConfigureAwait(false);
            reads.Add(teams);
            var teamIds = teams.Series.Points.Select(p => p.Group.Id).Distinct().ToList();
            var k = Math.Max(teams.Series.Provenance.MinGroupSize, unit.Plan.Decision.MinGroupSize);
            rollup = _calculator.Rollup(row, assessment.Direction, teamIds.Select(t => GroupValues.Of(teams.Series, t)).ToList(), periods, k);
            rollupNote = rollup.Suppressed
                ? $"Suppressed: only {rollup.TeamsWithValues} of {rollup.Teams} teams have visible values for both windows, fewer than {k}."
                : null;
        }

        var group = series.Points.FirstOrDefault(p => p.Group.Id == target.Unit.Id)?.Group
            ?? new OrgNode(target.Unit.Id, target.Unit.ExternalId, target.Unit.Name, target.Unit.Kind, target.Unit.ParentId, target.Unit.Path);
        var points = series.Points.Where(p => p.Group.Id == target.Unit.Id).ToList();
        var progress = new TargetProgress(target, series.Version, purpose, group, row.BaselineGrain, assessment, rollup, rollupNote, points, series.Provenance);
        return new ServedProgress(progress, Record(progress, reads));
    }

    /// <summary>Progress is read against the version in force; a target awaiting approval, rejected or retired has none.</summary>
    private static TargetVersionView InForce(TargetHistory history)
    {
        if (history.InForce is { Row.Status: TargetStatuses.Active } active)
        {
            return active;
        }

        if (history.InForce is { Row.Status: TargetStatuses.Retired })
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput, $"Target '{history.Key}' is retired: its progress is no longer read.", new Dictionary<string, object?> { ["field"] = "target" });
        }

        throw history.Latest.Row.Status == TargetStatuses.PendingApproval
            ? new MetricsApiError(CatalogueErrors.ApprovalMissing, $"Target '{history.Key}' is an ADOPTION target awaiting a PrivacyOfficer's approval: no progress is read against it before.", new Dictionary<string, object?> { ["field"] = "target" })
            : new MetricsApiError(ErrorCodes.BadUserInput, $"Target '{history.Key}' was rejected and has no version in force.", new Dictionary<string, object?> { ["field"] = "target" });
    }

    /// <summary>The read that covers the baseline and every period since, up to the deadline or the current period (at most 260 periods).</summary>
    internal MetricValuesRequest Request(TargetVersionView target, string purpose, string groupBy)
    {
        var row = target.Row;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = row.Deadline < today ? row.Deadline : today;
        var cap = row.BaselineStart;
        for (var i = 1; i < PeriodRange.MaxPeriods; i++)
        {
            cap = PeriodRange.Next(row.BaselineGrain, cap);
        }

        return new MetricValuesRequest(row.MetricKey, purpose, row.BaselineGrain, row.BaselineStart, last < cap ? last : cap, target.Unit.ExternalId, groupBy, null);
    }

    private static List<Period> Periods(MetricValuesRequest read)
    {
        var periods = new List<Period>();
        for (var start = PeriodRange.StartOf(read.Grain, read.From); start <= read.To; start = PeriodRange.Next(read.Grain, start))
        {
            periods.Add(new Period(start, PeriodRange.Next(read.Grain, start)));
        }

        return periods;
    }

    internal static string Level(string kind) => kind switch
    {
        OrgUnitKinds.Company => GroupLevels.Company,
        OrgUnitKinds.Org => GroupLevels.Org,
        _ => GroupLevels.Team,
    };

    private static AuditRecord Record(TargetProgress progress, List<ServedSeries> reads)
    {
        var points = reads.SelectMany(r => r.Series.Points.Concat(r.Series.Guardrails.SelectMany(g => g.Points))).ToList();
        var suppressed = points.Count(p => p.Suppressed);
        var first = reads[0];
        var row = progress.Target.Row;
        return new AuditRecord(AuditActions.ReadTargetProgress, suppressed > 0 ? AuditDecisions.PartiallySuppressed : AuditDecisions.Allowed)
        {
            Purpose = progress.Purpose,
            Metrics = [progress.Metric.MetricKey, .. first.Series.Guardrails.Select(g => g.Version.MetricKey)],
            Scope = [progress.Target.Unit.ExternalId],
            Target = string.Create(CultureInfo.InvariantCulture,
                $"target {row.TargetKey} v{row.Number}: {progress.Metric.MetricKey} v{progress.Metric.Number} for {progress.Target.Unit.ExternalId} {row.BaselineGrain} from {row.BaselineStart:yyyy-MM-dd}{(reads.Count > 1 ? " with its teams" : "")}"),
            RuleCodes = first.Plan.Decision.RuleCodes,
            PolicyVersion = first.Plan.Policy.Version,
            PointsServed = points.Count - suppressed,
            PointsSuppressed = suppressed,
        };
    }
}
