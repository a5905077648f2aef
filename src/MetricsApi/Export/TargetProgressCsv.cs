using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Features.Audit;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;
using MetricsApi.Targets.Progress;

namespace MetricsApi.Export;

/// <summary>
/// <c>/export/target-progress.csv?purpose=…[&amp;target=…]</c>: the progress of the named targets (the
/// parameter repeats), or of every target in force you may see whose read your roles and purpose allow.
/// Per target one TARGET row (the unit), one GUARDRAIL row per guardrail and, where there is one, a
/// ROLLUP row; the same figures as <c>targetProgress</c>, from the same reads.
/// </summary>
public static class TargetProgressCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "target_key", "target_version", "row_type", "metric_key", "metric_version", "group_id", "group_name", "group_level", "grain",
        "baseline_start", "baseline_end", "baseline_value", "current_start", "current_end", "current_value", "ratio_to_baseline",
        "goal_value", "deadline", "expected_value", "direction", "status", "on_track", "worsened", "warning",
        "teams", "teams_with_values", "teams_meeting_goal", "share_meeting_goal", "teams_on_track", "share_on_track",
        "teams_meeting_goal_with_warning", "share_meeting_goal_with_warning",
        "suppressed", "suppression_reason", "purpose", "policy_version", "min_group_size",
    ];

    public static async Task<ExportEndpoints.PreparedExport> WriteAsync(HttpContext http, ClaimsPrincipal user)
    {
        var query = new ExportQuery(http.Request.Query, ["purpose", "target"], repeatable: ["target"]);
        var purpose = query.Enum("purpose", Purposes.All, required: true)!;
        var services = http.RequestServices;
        var cancellationToken = http.RequestAborted;
        var named = query.All("target").Distinct(StringComparer.Ordinal).ToList();
        var cost = services.GetRequiredService<TargetProgressCost>();
        var keys = named.Count > 0 ? named : await ReadableAsync(services, user, purpose, cancellationToken).ConfigureAwait(false);
        long points = 0;
        foreach (var key in keys)
        {
            points += await cost.PointsAsync(user, key, purpose, cancellationToken).ConfigureAwait(false) + QueryCost.PerField;
        }

        var headers = ExportEndpoints.CheckBudget(http, points);
        var reader = services.GetRequiredService<TargetProgressReader>();
        var served = new List<ServedProgress>();
        foreach (var key in keys)
        {
            served.Add(await reader.ServeAsync(user, key, purpose, cancellationToken).ConfigureAwait(false));
        }

        var audits = served.Select(s => s.Audit).ToList();
        var suppressed = audits.Sum(a => a.PointsSuppressed ?? 0);
        var audit = new AuditRecord(AuditActions.Export, suppressed > 0 ? AuditDecisions.PartiallySuppressed : AuditDecisions.Allowed)
        {
            Purpose = purpose,
            Metrics = [.. audits.SelectMany(a => a.Metrics ?? []).Distinct(StringComparer.Ordinal)],
            Scope = [.. audits.SelectMany(a => a.Scope ?? []).Distinct(StringComparer.Ordinal)],
            Target = Truncate("target-progress.csv: " + (keys.Count == 0 ? "no targets" : string.Join(", ", keys)), 1000),
            RuleCodes = [.. audits.SelectMany(a => a.RuleCodes ?? []).Distinct(StringComparer.Ordinal)],
            PolicyVersion = audits.Select(a => a.PolicyVersion).FirstOrDefault(),
            PointsServed = audits.Sum(a => a.PointsServed ?? 0),
            PointsSuppressed = suppressed,
        };
        return new ExportEndpoints.PreparedExport(audit, (csv, token) => RowsAsync(csv, served.Select(s => s.Progress).ToList(), token), headers);
    }

    /// <summary>
    /// Every target in force the caller may see whose unit read policy allows for the purpose (decided
    /// without reading values, as <c>explainAccess</c> does): a BI refresh exports what it may and
    /// leaves the rest out rather than failing on one target.
    /// </summary>
    private static async Task<List<string>> ReadableAsync(IServiceProvider services, ClaimsPrincipal user, string purpose, CancellationToken cancellationToken)
    {
        var targets = await services.GetRequiredService<TargetReader>().ListAsync(user, new TargetFilter { Status = TargetStatuses.Active }, cancellationToken).ConfigureAwait(false);
        var planner = services.GetRequiredService<ReadPlanner>();
        var keys = new List<string>();
        foreach (var target in targets)
        {
            var row = target.InForce!;
            var plan = await planner.PlanAsync(user, row.Row.MetricKey, purpose, row.Unit.ExternalId, TargetProgressReader.Level(row.Unit.Kind), cancellationToken).ConfigureAwait(false);
            if (plan.Decision.Allowed)
            {
                keys.Add(target.Key);
            }
        }

        return keys;
    }

    private static async Task RowsAsync(CsvWriter csv, IReadOnlyList<TargetProgress> progress, CancellationToken cancellationToken)
    {
        await csv.RowAsync(Columns, cancellationToken).ConfigureAwait(false);
        foreach (var p in progress)
        {
            var a = p.Assessment;
            Start(csv, p, "TARGET", p.Metric.MetricKey, p.Metric.Number)
                .Date(a.Baseline.From).Date(a.Baseline.To).Number(a.Baseline.Value).Date(a.Current?.From).Date(a.Current?.To).Number(a.Current?.Value)
                .Number(a.Ratio).Number(a.GoalValue).Date(p.Target.Row.Deadline).Number(a.Trajectory?.ExpectedValue).Text(a.Direction).Text(a.Status).Bool(a.OnTrack)
                .Text(null).Text(string.Join(" | ", a.Warnings.Select(w => w.Message)));
            Rollup(csv, null);
            End(csv, p, a.Baseline.Suppressed || a.Current?.Suppressed == true, a.Baseline.SuppressionReason ?? a.Current?.SuppressionReason);
            await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);

            foreach (var g in a.Guardrails)
            {
                var warning = a.Warnings.FirstOrDefault(w => w.Guardrail == g.Metric.MetricKey);
                Start(csv, p, "GUARDRAIL", g.Metric.MetricKey, g.Metric.Number)
                    .Date(g.Baseline.From).Date(g.Baseline.To).Number(g.Baseline.Value).Date(g.Current.From).Date(g.Current.To).Number(g.Current.Value)
                    .Number(Ratio(g.Baseline.Value, g.Current.Value)).Text(null).Text(null).Text(null)
                    .Text(g.LowerIsBetter ? ProgressDirections.Decrease : ProgressDirections.Increase).Text(null).Text(null)
                    .Bool(g.Worsened).Text(warning?.Message);
                Rollup(csv, null);
                End(csv, p, g.Baseline.Suppressed || g.Current.Suppressed, g.Baseline.SuppressionReason ?? g.Current.SuppressionReason);
                await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
            }

            if (p.Rollup is { } rollup)
            {
                Start(csv, p, "ROLLUP", p.Metric.MetricKey, p.Metric.Number)
                    .Date(a.Baseline.From).Date(a.Baseline.To).Text(null).Date(a.Current?.From).Date(a.Current?.To).Text(null)
                    .Text(null).Text(null).Date(p.Target.Row.Deadline).Text(null).Text(a.Direction).Text(null).Text(null).Text(null).Text(p.RollupNote);
                Rollup(csv, rollup);
                End(csv, p, rollup.Suppressed, rollup.SuppressionReason);
                await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static CsvWriter Start(CsvWriter csv, TargetProgress p, string rowType, string metric, int version) =>
        csv.Text(p.Target.Row.TargetKey).Number(p.Target.Row.Number).Text(rowType).Text(metric).Number(version)
            .Text(p.Group.ExternalId).Text(p.Group.Name).Text(MetricValuesCsv.GroupLevel(p.Group.Kind)).Text(p.Grain);

    private static void Rollup(CsvWriter csv, PortfolioRollup? r) =>
        csv.Number(r?.Teams).Number(r?.TeamsWithValues).Number(r?.TeamsMeetingGoal).Number(r?.Share(r.TeamsMeetingGoal))
            .Number(r?.TeamsOnTrack).Number(r?.Share(r.TeamsOnTrack)).Number(r?.TeamsMeetingGoalWithWarning).Number(r?.Share(r.TeamsMeetingGoalWithWarning));

    private static void End(CsvWriter csv, TargetProgress p, bool suppressed, string? reason) =>
        csv.Bool(suppressed).Text(suppressed ? reason : null).Text(p.Purpose).Number(p.Provenance.PolicyVersion).Number(p.Provenance.MinGroupSize);

    private static double? Ratio(double? baseline, double? current) =>
        baseline is { } b && b != 0 && current is { } c ? ProgressWindow.Round(c / b) : null;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
