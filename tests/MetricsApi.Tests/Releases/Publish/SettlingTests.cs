using MetricsApi.Releases.Publish;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static MetricsApi.Tests.Releases.Publish.ReleaseHistoryData;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// A release is built once, so the background builder never releases while a history is still being
/// loaded: it waits until no record of a closed period has arrived for Releases:SettleSeconds.
/// </summary>
public abstract class SettlingTests(DatabaseKind kind)
{
    [Fact]
    public async Task TheBuilderWaitsWhileAHistoryIsBeingLoaded()
    {
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        var load = await app.Ingestor().PostNdjsonAsync(
            TestEvents.OrgUnit("acme", "COMPANY", null), TestEvents.OrgUnit("org-x", "ORG", "acme"), TestEvents.OrgUnit("team-p", "TEAM", "org-x"),
            TestEvents.Membership("m-p1", person: Person("p1"), team: "team-p"), Use("u-1", "p1", Week1, 500));
        Assert.Equal(5, load.Accepted);

        await using var scope = app.Services.CreateAsyncScope();
        var builder = scope.ServiceProvider.GetRequiredService<ReleaseBuilder>();
        var whileLoading = await builder.BuildDueAsync(null, TimeSpan.FromMinutes(5), waitToSettle: false, CancellationToken.None);
        var due = await builder.DueAsync(CancellationToken.None);
        var settled = await builder.BuildDueAsync(null, TimeSpan.Zero, waitToSettle: false, CancellationToken.None);

        Assert.Equal(0, whileLoading);
        Assert.NotEmpty(due);
        Assert.True(settled > 0);
        Assert.Empty(await builder.DueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AQuietWindowShorterThanTheClockSkewIsRaisedToIt()
    {
        // Cut-offs are set back by the clock skew: a history received 1 s ago is after a cut-off fixed
        // now, so a 1 s quiet window would publish the period without it (empty) for good.
        await using var app = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Releases:ClockSkewSeconds"] = "3600" });
        var load = await app.Ingestor().PostNdjsonAsync(
            TestEvents.OrgUnit("acme", "COMPANY", null), TestEvents.OrgUnit("org-x", "ORG", "acme"), TestEvents.OrgUnit("team-p", "TEAM", "org-x"),
            TestEvents.Membership("m-p1", person: Person("p1"), team: "team-p"), Use("u-1", "p1", Week1, 500));
        Assert.Equal(5, load.Accepted);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await using var scope = app.Services.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<ReleaseBuilder>().BuildDueAsync(null, TimeSpan.FromSeconds(1), waitToSettle: false, CancellationToken.None);

        Assert.Equal(0, written);
    }

    [Fact]
    public async Task TelemetryOfTheRunningWeekDoesNotHoldReleasesBack()
    {
        await using var app = await StartAsync(kind);
        // The history loaded by StartAsync settles (a 2 s window here) ...
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var today = DateTime.UtcNow;
        var monday = DateOnly.FromDateTime(today).AddDays(-(((int)today.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var running = await app.Ingestor().PostNdjsonAsync(Use("u-now", "p1", monday, 500).With("occurredAt", today.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, running.Accepted);
        await PublishCopyAsync(app, "tokens_published_later", TokensDefinition());

        await using var scope = app.Services.CreateAsyncScope();
        // ... and this week's telemetry, just received, does not count as history.
        var written = await scope.ServiceProvider.GetRequiredService<ReleaseBuilder>().BuildDueAsync(null, TimeSpan.FromSeconds(2), waitToSettle: false, CancellationToken.None);

        Assert.True(written > 0);
    }
}

public sealed class SettlingTestsOnSqlite() : SettlingTests(DatabaseKind.Sqlite);

public sealed class SettlingTestsOnPostgreSql() : SettlingTests(DatabaseKind.PostgreSql);
