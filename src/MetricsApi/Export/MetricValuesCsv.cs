using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Read;

namespace MetricsApi.Export;

/// <summary>
/// <c>/export/metric-values.csv</c>: the arguments of <c>metricValues</c> in the query string
/// (<c>metric</c>, <c>purpose</c>, <c>period.grain</c>, <c>period.from</c>, <c>period.to</c>, <c>scope</c>,
/// <c>groupBy</c>, <c>dimension</c>), one row per point of the metric and then of each guardrail, in the
/// order GraphQL serves them.
/// </summary>
public static class MetricValuesCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "series", "metric_key", "metric_version", "release_id", "group_id", "group_name", "group_level", "dimension", "dimension_value",
        "period_start", "period_end", "complete", "value", "suppressed", "suppression_reason", "people_bucket",
        "purpose", "policy_version", "min_group_size",
    ];

    private static readonly string[] Parameters = ["metric", "purpose", "period.grain", "period.from", "period.to", "scope", "groupBy", "dimension"];

    public static async Task<ExportEndpoints.PreparedExport> WriteAsync(HttpContext http, ClaimsPrincipal user)
    {
        var query = new ExportQuery(http.Request.Query, Parameters);
        var request = new MetricValuesRequest(
            query.Required("metric"),
            query.Enum("purpose", Purposes.All, required: true)!,
            query.Enum("period.grain", Grains.All, required: true)!,
            query.Date("period.from"),
            query.Date("period.to"),
            query.Optional("scope"),
            query.Enum("groupBy", [GroupLevels.Team, GroupLevels.Org, GroupLevels.Company], required: false) ?? GroupLevels.Team,
            query.Optional("dimension"));
        var services = http.RequestServices;
        var points = await services.GetRequiredService<ReadCost>().MetricValuesAsync(user, request.Metric, request.Purpose, request.Grain, request.From, request.To,
            request.Scope, request.GroupBy, request.Dimension, http.RequestAborted).ConfigureAwait(false);
        var headers = ExportEndpoints.CheckBudget(http, points + QueryCost.PerField);
        var served = await services.GetRequiredService<MetricValuesReader>().ServeAsync(user, request, http.RequestAborted).ConfigureAwait(false);
        return new ExportEndpoints.PreparedExport(
            served.Audit with { Action = AuditActions.Export, Target = "metric-values.csv: " + served.Audit.Target },
            (csv, cancellationToken) => RowsAsync(csv, served.Series, cancellationToken),
            headers);
    }

    private static async Task RowsAsync(CsvWriter csv, MetricSeries series, CancellationToken cancellationToken)
    {
        await csv.RowAsync(Columns, cancellationToken).ConfigureAwait(false);
        await SeriesAsync(csv, "METRIC", series, series, cancellationToken).ConfigureAwait(false);
        foreach (var guardrail in series.Guardrails)
        {
            await SeriesAsync(csv, "GUARDRAIL", guardrail, series, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SeriesAsync(CsvWriter csv, string kind, MetricSeries series, MetricSeries read, CancellationToken cancellationToken)
    {
        foreach (var point in series.Points)
        {
            csv.Text(kind).Text(series.Version.MetricKey).Number(series.Version.Number).Number(point.Release?.Id)
                .Text(point.Group.ExternalId).Text(point.Group.Name).Text(GroupLevel(point.Group.Kind))
                .Text(series.Dimension).Text(point.DimensionValue)
                .Date(point.Period.Start).Date(point.Period.LastDay).Bool(point.Complete)
                .Number(point.Value).Bool(point.Suppressed).Text(point.SuppressionReason)
                .Text(point.People is { } people ? PeopleBuckets.For(people) : null)
                .Text(read.Purpose).Number(series.Provenance.PolicyVersion).Number(series.Provenance.MinGroupSize);
            await csv.EndRowAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>TEAM, ORG or COMPANY, as GraphQL's GroupLevel spells them.</summary>
    public static string GroupLevel(string kind) => kind switch
    {
        Features.Org.OrgUnitKinds.Company => GroupLevels.Company,
        Features.Org.OrgUnitKinds.Org => GroupLevels.Org,
        _ => GroupLevels.Team,
    };
}
