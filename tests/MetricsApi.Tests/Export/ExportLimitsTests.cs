using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;
using MetricsApi.Tests.Targets;

namespace MetricsApi.Tests.Export;

/// <summary>An export spends the same points budget as GraphQL and fails closed without its audit entry.</summary>
public abstract class ExportLimitsTests(DatabaseKind kind)
{
    private const string Path = "/export/metric-values.csv";

    private async Task<MetricsApiFactory> StartAsync()
    {
        var app = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["GraphQL:MaxPointsPerRequest"] = "1200" });
        var org = TargetData.Events().Where(e => e["type"]!.GetValue<string>() is "org_unit" or "membership" or "manager").ToArray();
        Assert.Equal(org.Length, (await app.Ingestor().PostNdjsonAsync(org)).Accepted);
        return app;
    }

    [Fact]
    public async Task AnExportAboveThePointsBudgetIsRefusedLikeTheSameQuery()
    {
        await using var app = await StartAsync();
        var ana = app.ClientFor("ana", "Analyst");

        // 12 weeks × 9 teams × (velocity + 2 guardrails) + 1,000 = 1,324 points, above 1,200.
        var csv = await ana.GetCsvAsync(Path, CsvClient.ValuesQuery("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay, "acme", "TEAM"));
        var graphql = await ana.MetricValuesAsync(new ValuesRequest("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", "WEEK", TargetData.BaselineFrom, TargetData.LastDay, "acme", "TEAM"));
        var small = await ana.GetCsvAsync(Path, CsvClient.ValuesQuery("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", TargetData.BaselineFrom, TargetData.LastDay, "org-slow", "TEAM"));

        Assert.Equal((400, "QUERY_TOO_COMPLEX"), (csv.Status, csv.Error["code"]!.GetValue<string>()));
        Assert.Contains("1,324 points", csv.Error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("QUERY_TOO_COMPLEX", graphql.FirstCode);
        Assert.Equal(200, small.Status);
    }

    [Fact]
    public async Task NoFileLeavesWhenTheAuditLogFails()
    {
        await using var app = await StartAsync();
        await app.BreakAuditInsertsAsync();

        var csv = await app.ClientFor("ana", "Analyst").GetCsvAsync(Path, CsvClient.ValuesQuery("deployments_per_engineer_weekly", "PORTFOLIO_REPORTING", TargetData.BaselineFrom, "2026-01-11", "org-slow", "TEAM"));

        Assert.Equal((503, "AUDIT_UNAVAILABLE"), (csv.Status, csv.Error["code"]!.GetValue<string>()));
        Assert.DoesNotContain("metric_key", csv.Text, StringComparison.Ordinal);
    }
}

public sealed class ExportLimitsTestsOnSqlite() : ExportLimitsTests(DatabaseKind.Sqlite);

public sealed class ExportLimitsTestsOnPostgreSql() : ExportLimitsTests(DatabaseKind.PostgreSql);
