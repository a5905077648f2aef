using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// A MetricSteward revises a released period with its late data. A late person's records are admitted
/// only where every cell they change rests on 0 or at least k (5) people; the others keep their released
/// values. The earlier release stays, and the revision is audited.
/// </summary>
public abstract class RevisionTests(DatabaseKind kind)
{
    private const string Revise = "mutation($grain: Grain!, $start: DateOnly!, $reason: String!) { reviseRelease(grain: $grain, periodStart: $start, reason: $reason) { id grain periodStart requestedBy reason doneAt } }";

    private static ValuesRequest Tokens(string groupBy) => new("total_tokens", "TOOL_EVALUATION", "WEEK", Week1, Week1, GroupBy: groupBy);

    private static async Task<Dictionary<string, double>> WeekAsync(MetricsApiFactory app)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var level in new[] { "TEAM", "ORG", "COMPANY" })
        {
            foreach (var point in (await app.ClientFor("ana", "Analyst").MetricValuesAsync(Tokens(level))).Series().Points())
            {
                Assert.False(point.Suppressed, point.ToString());
                values[point.GroupId] = point.Value!.Value;
            }
        }

        return values;
    }

    [Fact]
    public async Task ARevisionAdmitsLateRecordsOnlyWhereAtLeastKPeopleAreBehindTheChange()
    {
        await using var app = await StartAsync(kind);
        var before = await WeekAsync(app);
        // One person of team-q and five of team-s used Kiro more in week 1, reported late.
        var late = await app.Ingestor().PostNdjsonAsync([Use("late-q1", "q1", Week1, 4000), .. Enumerable.Range(1, 5).Select(n => Use($"late-s{n}", $"s{n}", Week1, 1000))]);
        Assert.Equal(6, late.Accepted);
        await app.BuildReleasesAsync();
        Assert.Equal(before, await WeekAsync(app));

        var request = await app.Steward().PostGraphQLAsync(Revise, new { grain = "WEEK", start = Week1, reason = "Kiro's telemetry arrived two weeks late." });
        Assert.True(request.Errors.Count == 0, request.ToString());
        Assert.Null(request.Data!["reviseRelease"]!["doneAt"]);
        await app.BuildReleasesAsync();

        var after = await WeekAsync(app);
        // team-s (7 people, 5 of them late): admitted; team-q's single late person: held back.
        Assert.Equal(before["team-s"] + 5000, after["team-s"]);
        Assert.Equal(before["org-y"] + 5000, after["org-y"]);
        Assert.Equal(before["acme"] + 5000, after["acme"]);
        Assert.Equal(before["team-q"], after["team-q"]);
        Assert.Equal(before["org-x"], after["org-x"]);
        Assert.Equal(before["team-p"], after["team-p"]);

        var releases = (await app.ClientFor("ana", "Analyst").PostGraphQLAsync("{ " + Tokens("TEAM").Field(selection: "provenance { releases { revision lateRecords } }") + " }"))
            .Series()["provenance"]!["releases"]!.AsArray();
        var release = Assert.Single(releases);
        Assert.Equal((2, 1), (release!["revision"]!.GetValue<int>(), release["lateRecords"]!.GetValue<int>()));
        var audit = await app.AuditOfAsync("Stella Steward", "RELEASE_REVISION");
        Assert.Contains("WEEK 2026-03-09", audit[0]!["target"]!.GetValue<string>(), StringComparison.Ordinal);
        // The first release of the week is still there, unchanged.
        Assert.Equal(2, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Set<MetricsApi.Releases.Publish.Release>(), r => r.MetricKey == "total_tokens" && r.PeriodStart == new DateOnly(2026, 3, 9))));
    }

    [Fact]
    public async Task ARevisionRequestNamesAReleasedPeriodAReasonAndComesFromASteward()
    {
        await using var app = await StartAsync(kind);
        var steward = app.Steward();
        var monday = DateOnly.FromDateTime(DateTime.UtcNow);
        monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7));

        var running = await steward.PostGraphQLAsync(Revise, new { grain = "WEEK", start = monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = "r" });
        var misaligned = await steward.PostGraphQLAsync(Revise, new { grain = "WEEK", start = "2026-03-10", reason = "r" });
        var noReason = await steward.PostGraphQLAsync(Revise, new { grain = "WEEK", start = Week1, reason = "  " });
        var analyst = await app.ClientFor("ana", "Analyst").PostGraphQLAsync(Revise, new { grain = "WEEK", start = Week1, reason = "r" });

        Assert.Equal(("BAD_USER_INPUT", "periodStart"), (running.FirstCode, running.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
        Assert.Equal(("BAD_USER_INPUT", "periodStart"), (misaligned.FirstCode, misaligned.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
        Assert.Contains("2026-03-09", misaligned.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("BAD_USER_INPUT", "reason"), (noReason.FirstCode, noReason.Errors[0]!["extensions"]!["field"]!.GetValue<string>()));
        Assert.Equal("FORBIDDEN", analyst.FirstCode);
        Assert.Empty(await app.AuditOfAsync("Stella Steward", "RELEASE_REVISION"));
    }
}

public sealed class RevisionTestsOnSqlite() : RevisionTests(DatabaseKind.Sqlite);

public sealed class RevisionTestsOnPostgreSql() : RevisionTests(DatabaseKind.PostgreSql);
