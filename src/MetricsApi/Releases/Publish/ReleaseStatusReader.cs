using MetricsApi.Access.Policy;
using MetricsApi.Data;
using MetricsApi.Features.Catalogue;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Read;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>Where a metric's period stands on its way to publication.</summary>
public static class ReleaseStates
{
    /// <summary>A release of the current metric version under the current disclosure rules exists.</summary>
    public const string Released = "RELEASED";

    /// <summary>The period is releasable but its release is not built yet (backfill or build under way).</summary>
    public const string Pending = "PENDING";

    /// <summary>The period has not ended, or its grace for late telemetry has not passed.</summary>
    public const string NotYetReleasable = "NOT_YET_RELEASABLE";

    /// <summary>The period lies before the retention window, or ended before the first event the service holds.</summary>
    public const string OutsideRetention = "OUTSIDE_RETENTION";
}

/// <summary>One metric and period in <c>releaseStatus</c>.</summary>
public sealed record ReleaseStatus(string Metric, int MetricVersion, string Grain, Period Period, string State, ReleaseInfo? Release, bool RevisionRequested);

/// <summary>
/// <c>releaseStatus</c>: for stewards, privacy officers and auditors, where every published metric (or
/// one) stands for each period of a range: released (with the release), pending, not yet releasable
/// or outside retention, and whether a revision is waiting. Backfills after a publication or a policy
/// change show their progress here.
/// </summary>
public sealed class ReleaseStatusReader(MetricsDbContext db, ReleaseLookup lookup, PolicyStore policies, FirstData firstData, IOptions<ReleaseOptions> options, TimeProvider clock)
{
    private readonly ReleaseCalendar _calendar = new(options.Value);

    public async Task<IReadOnlyList<ReleaseStatus>> ReadAsync(string? metricKey, string grain, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var metrics = (await db.Set<MetricVersion>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(v => v.MetricKey).Select(g => new Metric(g.Key, [.. g]).Current)
            .Where(v => MetricSet.IsPublished(v) && CatalogueService.Split(v.Grains).Contains(grain) && (metricKey is null || v.MetricKey == metricKey))
            .OrderBy(v => v.MetricKey, StringComparer.Ordinal).ToList();
        if (metricKey is not null && metrics.Count == 0)
        {
            throw new MetricsApiError(ErrorCodes.NotFound, $"No published metric '{metricKey}' read at {grain} grain.", new Dictionary<string, object?> { ["field"] = "metric" });
        }

        var range = PeriodRange.Create(grain, from, to, DateOnly.FromDateTime(now), [grain]);
        var since = await policies.DisclosureSinceAsync(cancellationToken).ConfigureAwait(false);
        var first = await firstData.DayAsync(cancellationToken).ConfigureAwait(false);
        var revisions = await db.Set<RevisionRequest>().AsNoTracking().Where(r => r.DoneAt == null && r.Grain == grain)
            .Select(r => r.PeriodStart).ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReleaseStatus>();
        foreach (var version in metrics)
        {
            var releases = await lookup.ReleasesAsync(version.Id, grain, range.From, range.To, since, cancellationToken).ConfigureAwait(false);
            foreach (var period in range.Periods)
            {
                var release = releases.GetValueOrDefault(period.Start);
                var state = release is not null ? ReleaseStates.Released
                    : _calendar.IsOutsideWindow(grain, period.Start, now, first) ? ReleaseStates.OutsideRetention
                    : _calendar.IsReleasable(grain, period.Start, now) ? ReleaseStates.Pending
                    : ReleaseStates.NotYetReleasable;
                result.Add(new ReleaseStatus(version.MetricKey, version.Number, grain, period, state, release, revisions.Contains(period.Start)));
            }
        }

        return result;
    }
}
