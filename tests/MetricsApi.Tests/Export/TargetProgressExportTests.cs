using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;
using MetricsApi.Tests.Releases;
using MetricsApi.Tests.Targets;

namespace MetricsApi.Tests.Export;

/// <summary><c>GET /export/target-progress.csv</c>: the figures of <c>targetProgress</c>, row by row, under the same policy and audit.</summary>
public abstract class TargetProgressExportTests(TargetApp app)
{
    private const string Path = "/export/target-progress.csv";

    private MetricsApiFactory App => app.Factory;

    private static string Number(JsonNode? node) => node is null ? "" : node.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ATargetsRowsCarryTheFiguresTargetProgressServes()
    {
        (await App.Leo().CreateTargetAsync(TargetClient.Input("export-fast", "org-fast"))).Ok("createTarget");
        var progress = (await App.Leo().ProgressAsync("export-fast")).Ok("targetProgress");

        var (header, rows) = (await App.Leo().GetCsvAsync(Path, ("purpose", "PORTFOLIO_REPORTING"), ("target", "export-fast"))).Parse();

        Assert.Equal(37, header.Count);
        Assert.Equal(["TARGET", "GUARDRAIL", "GUARDRAIL", "ROLLUP"], rows.Select(r => r["row_type"]));
        var target = rows[0];
        Assert.Equal(("export-fast", "1", "deployments_per_engineer_weekly", "org-fast", "Fast, \"Velocity\" Org", "ORG", "WEEK"),
            (target["target_key"], target["target_version"], target["metric_key"], target["group_id"], target["group_name"], target["group_level"], target["grain"]));
        Assert.Equal((Number(progress["baseline"]!["value"]), Number(progress["current"]!["value"]), Number(progress["ratioToBaseline"]), Number(progress["goalValue"]), Number(progress["trajectory"]!["expectedValue"])),
            (target["baseline_value"], target["current_value"], target["ratio_to_baseline"], target["goal_value"], target["expected_value"]));
        Assert.Equal(("2026-01-05", "2026-02-01", "2026-03-02", "2026-03-29", "MISSED", "false", "INCREASE"),
            (target["baseline_start"], target["baseline_end"], target["current_start"], target["current_end"], target["status"], target["on_track"], target["direction"]));
        foreach (var guardrail in progress["guardrails"]!.AsArray())
        {
            var row = rows.Single(r => r["row_type"] == "GUARDRAIL" && r["metric_key"] == guardrail!["metric"]!.GetValue<string>());
            Assert.Equal((Number(guardrail!["baseline"]!["value"]), Number(guardrail["current"]!["value"]), guardrail["worsened"]!.GetValue<bool>() ? "true" : "false"),
                (row["baseline_value"], row["current_value"], row["worsened"]));
        }

        var rollup = rows[3];
        Assert.Equal(("7", "5", "3", "0.6", "1", "false"), (rollup["teams"], rollup["teams_with_values"], rollup["teams_meeting_goal"], rollup["share_meeting_goal"], rollup["teams_meeting_goal_with_warning"], rollup["suppressed"]));
    }

    [Fact]
    public async Task WithoutNamedTargetsEveryTargetTheCallerMayReadIsExportedAndTheFileIsOneEntry()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("export-all-t2", "t2"))).Ok("createTarget");
        (await App.Ana().CreateTargetAsync(TargetClient.Input("export-all-slow", "org-slow"))).Ok("createTarget");
        var leo = App.ClientAs("leo", "Leo Exports", "Leader");

        var (_, rows) = (await leo.GetCsvAsync(Path, ("purpose", "TEAM_IMPROVEMENT"))).Parse();

        var keys = rows.Select(r => r["target_key"]).Distinct().ToList();
        Assert.Contains("export-all-t2", keys);
        Assert.DoesNotContain("export-all-slow", keys); // org-slow is not leo's
        var entry = Assert.Single(await App.AuditOfAsync("Leo Exports"))!;
        Assert.Equal(("EXPORT", "TEAM_IMPROVEMENT"), (entry["action"]!.GetValue<string>(), entry["purpose"]!.GetValue<string>()));
        Assert.Contains("export-all-t2", entry["target"]!.GetValue<string>(), StringComparison.Ordinal);
        var warning = rows.Single(r => r["target_key"] == "export-all-t2" && r["row_type"] == "GUARDRAIL" && r["metric_key"] == "change_failure_rate");
        Assert.Contains("Goodhart", warning["warning"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANamedTargetThePurposeDoesNotAllowIsRefusedAsInGraphQL()
    {
        (await App.Ana().CreateTargetAsync(TargetClient.Input("export-refused", "t1"))).Ok("createTarget");
        var erin = App.ClientAs("erin", "Erin Progress Export", "Engineer");

        var refused = await erin.GetCsvAsync(Path, ("purpose", "PORTFOLIO_REPORTING"), ("target", "export-refused"));
        var unknown = await erin.GetCsvAsync(Path, ("purpose", "TEAM_IMPROVEMENT"), ("target", "export-no-such"));
        var noPurpose = await erin.GetCsvAsync(Path, ("target", "export-refused"));

        Assert.Equal((403, "PURPOSE_NOT_ALLOWED"), (refused.Status, refused.Error["code"]!.GetValue<string>()));
        Assert.Equal((404, "NOT_FOUND"), (unknown.Status, unknown.Error["code"]!.GetValue<string>()));
        Assert.Equal((400, "purpose"), (noPurpose.Status, noPurpose.Error["field"]!.GetValue<string>()));
        Assert.Single(await App.AuditOfAsync("Erin Progress Export", "DENIED"));
    }
}

public sealed class TargetProgressExportTestsOnSqlite(TargetAppOnSqlite app) : TargetProgressExportTests(app), IClassFixture<TargetAppOnSqlite>;

public sealed class TargetProgressExportTestsOnPostgreSql(TargetAppOnPostgreSql app) : TargetProgressExportTests(app), IClassFixture<TargetAppOnPostgreSql>;
