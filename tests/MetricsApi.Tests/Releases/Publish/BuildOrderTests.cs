using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Publish;
using MetricsApi.Tests.Features.Catalogue;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases.Publish;

/// <summary>
/// A month's audit holds every week overlapping it (an attacker reads both grains), so no week may be released
/// after a month it overlaps: a month waits for the ISO week holding its last day, and a backfill builds each
/// month after its weeks (the week holding its first day starts before it).
/// </summary>
public sealed class ReleaseCalendarTests
{
    [Theory]
    // October 2026 ends on a Saturday: it waits for the week of 26 October (to Sunday 1 November).
    [InlineData("2026-10-01", "2026-11-02")]
    // June 2026 ends on a Tuesday: the week of 29 June runs to 5 July.
    [InlineData("2026-06-01", "2026-07-06")]
    // May 2026 ends on a Sunday, with its last week: nothing to wait for.
    [InlineData("2026-05-01", "2026-06-01")]
    public void AMonthClosesWithTheWeekHoldingItsLastDay(string month, string closes)
    {
        Assert.Equal(DateOnly.Parse(closes, CultureInfo.InvariantCulture), ReleaseCalendar.Closes(Grains.Month, DateOnly.Parse(month, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AWeekClosesWhenItEnds()
    {
        Assert.Equal(new DateOnly(2026, 11, 2), ReleaseCalendar.Closes(Grains.Week, new DateOnly(2026, 10, 26)));
    }

    [Fact]
    public void AMonthIsNotReleasableBeforeItsLastWeekHasEndedAndItsGraceHasPassed()
    {
        var calendar = new ReleaseCalendar(new ReleaseOptions { GraceDays = 2 });
        var october = new DateOnly(2026, 10, 1);

        Assert.False(calendar.IsReleasable(Grains.Month, october, new DateTime(2026, 11, 3, 12, 0, 0, DateTimeKind.Utc)));
        Assert.True(calendar.IsReleasable(Grains.Month, october, new DateTime(2026, 11, 4, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(calendar.IsReleasable(Grains.Week, new DateOnly(2026, 10, 19), new DateTime(2026, 10, 28, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void ABackfillBuildsEveryMonthAfterEveryWeekOverlappingItNewestFirst()
    {
        // September to November 2026 with all their weeks, in no particular order.
        var weeks = Enumerable.Range(0, 14).Select(i => (Grain: Grains.Week, Start: new DateOnly(2026, 8, 31).AddDays(7 * i)));
        var months = new[] { 9, 10, 11 }.Select(m => (Grain: Grains.Month, Start: new DateOnly(2026, m, 1)));
        var periods = months.Concat(weeks).Reverse().ToList();

        var order = ReleaseCalendar.InBuildOrder(periods, p => p.Grain, p => p.Start).ToList();

        Assert.Equal(periods.Count, order.Count);
        foreach (var month in order.Where(p => p.Grain == Grains.Month))
        {
            var after = order.IndexOf(month);
            Assert.All(MetricsApi.Releases.Evaluate.PeriodRange.WeeksOverlapping(month.Start), week =>
                Assert.True(order.IndexOf((Grains.Week, week)) < after, $"week {week} is built after month {month.Start}"));
        }

        // Newest first otherwise: the weeks in descending order, and November before October before September.
        Assert.Equal(order.Where(p => p.Grain == Grains.Week).OrderByDescending(p => p.Start), order.Where(p => p.Grain == Grains.Week));
        Assert.Equal(new[] { 11, 10, 9 }, order.Where(p => p.Grain == Grains.Month).Select(p => p.Start.Month));
    }
}

/// <summary>Through the real builder: March 2026 is released after every week overlapping it, the week of 23 February included.</summary>
public abstract class BuildOrderTests(DatabaseKind kind)
{
    private const string Status = "query($grain: Grain!, $from: DateOnly!, $to: DateOnly!) { releaseStatus(metric: \"active_ai_users\", grain: $grain, from: $from, to: $to) { periodStart state release { id } } }";

    [Fact]
    public async Task AMonthIsReleasedAfterEveryWeekOverlappingIt()
    {
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        var events = new List<JsonObject>
        {
            TestEvents.OrgUnit("acme", "COMPANY", null),
            TestEvents.OrgUnit("org-o", "ORG", "acme"),
            TestEvents.OrgUnit("team-p", "TEAM", "org-o"),
        };
        for (var i = 1; i <= 6; i++)
        {
            events.Add(TestEvents.Membership($"m-{i}", person: $"p{i}@acme.example", team: "team-p", validFrom: "2026-01-01"));
        }

        // Use in the week holding 1 March (it starts on 23 February), in March, and in the week holding 31 March.
        foreach (var (day, n) in new[] { ("2026-02-24", 1), ("2026-03-10", 2), ("2026-03-31", 3) })
        {
            events.Add(TestEvents.AiUsage($"u-{n}", person: $"p{n}@acme.example").With("occurredAt", day + "T10:00:00Z"));
        }

        var load = await app.Ingestor().PostNdjsonAsync([.. events]);
        Assert.True(load.Status == 200 && load.Rejected == 0, load.ToString());
        await app.BuildReleasesAsync();

        var steward = app.Steward();
        var weeks = await steward.PostGraphQLAsync(Status, new { grain = "WEEK", from = "2026-02-23", to = "2026-04-05" });
        var month = await steward.PostGraphQLAsync(Status, new { grain = "MONTH", from = "2026-03-01", to = "2026-03-31" });
        Assert.True(weeks.Errors.Count == 0 && month.Errors.Count == 0, weeks + "\n" + month);

        static long Id(JsonNode? row) => long.Parse(row!["release"]!["id"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var weekRows = weeks.Data!["releaseStatus"]!.AsArray();
        Assert.Equal(6, weekRows.Count);
        Assert.All(weekRows, r => Assert.Equal("RELEASED", r!["state"]!.GetValue<string>()));
        var march = month.Data!["releaseStatus"]!.AsArray().Single();
        Assert.Equal("RELEASED", march!["state"]!.GetValue<string>());
        Assert.All(weekRows, w => Assert.True(Id(w) < Id(march), $"week {w!["periodStart"]} (release {Id(w)}) was built after March (release {Id(march)})"));
    }
}

public sealed class BuildOrderTestsOnSqlite() : BuildOrderTests(DatabaseKind.Sqlite);

public sealed class BuildOrderTestsOnPostgreSql() : BuildOrderTests(DatabaseKind.PostgreSql);
