using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>Stewards, privacy officers and auditors follow releases and backfills; values are not theirs to read.</summary>
public abstract class ReleaseStatusTests(DatabaseKind kind)
{
    private const string Status = "query($metric: String, $from: DateOnly!, $to: DateOnly!) { releaseStatus(metric: $metric, grain: WEEK, from: $from, to: $to) { metric metricVersion periodStart state release { id builtAt dataCutoff policyVersion } revisionRequested } }";

    [Fact]
    public async Task StatusShowsReleasedPendingAndNotYetReleasablePeriods()
    {
        await using var app = await StartAsync(kind);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await PublishCopyAsync(app, "tokens_published_later", TokensDefinition());

        // From the week before the first event (nothing to release there) to today.
        var status = await app.ClientFor("Priya Privacy", "PrivacyOfficer").PostGraphQLAsync(Status, new { from = "2026-03-02", to = today });
        var rows = status.Data!["releaseStatus"]!.AsArray();

        Assert.True(status.Errors.Count == 0, status.ToString());
        var tokens = rows.Where(r => r!["metric"]!.GetValue<string>() == "total_tokens").ToList();
        Assert.Equal(("OUTSIDE_RETENTION", "RELEASED"), (tokens[0]!["state"]!.GetValue<string>(), tokens[1]!["state"]!.GetValue<string>()));
        Assert.NotNull(tokens[1]!["release"]!["id"]);
        var before = await app.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("total_tokens", "TOOL_EVALUATION", "WEEK", "2026-03-02", "2026-03-08"));
        Assert.All(before.Series().Points(), p => Assert.Equal("OUTSIDE_RETENTION", p.SuppressionReason));
        Assert.Equal("NOT_YET_RELEASABLE", tokens[^1]!["state"]!.GetValue<string>());
        // Published but not built yet: the backfill is pending, and a read says so.
        var copy = rows.Where(r => r!["metric"]!.GetValue<string>() == "tokens_published_later").ToList();
        Assert.Equal("PENDING", copy[1]!["state"]!.GetValue<string>());
        var read = await app.ClientFor("ana", "Analyst").MetricValuesAsync(new ValuesRequest("tokens_published_later", "TOOL_EVALUATION", "WEEK", Week1, Week1));
        Assert.All(read.Series().Points(), p => Assert.Equal("RELEASE_PENDING", p.SuppressionReason));

        await app.BuildReleasesAsync();
        var built = await app.Steward().PostGraphQLAsync(Status, new { metric = "tokens_published_later", from = Week1, to = Week2End });
        Assert.All(built.Data!["releaseStatus"]!.AsArray(), r => Assert.Equal("RELEASED", r!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ReadersOfValuesDoNotSeeReleaseStatus()
    {
        await using var app = await StartAsync(kind);

        var engineer = await app.ClientFor("erin", "Engineer").PostGraphQLAsync(Status, new { from = Week1, to = Week2End });
        var unknown = await app.ClientFor("Ada Auditor", "Auditor").PostGraphQLAsync(Status, new { metric = "no_such_metric", from = Week1, to = Week2End });

        Assert.Equal("FORBIDDEN", engineer.FirstCode);
        Assert.Equal("NOT_FOUND", unknown.FirstCode);
    }
}

public sealed class ReleaseStatusTestsOnSqlite() : ReleaseStatusTests(DatabaseKind.Sqlite);

public sealed class ReleaseStatusTestsOnPostgreSql() : ReleaseStatusTests(DatabaseKind.PostgreSql);
