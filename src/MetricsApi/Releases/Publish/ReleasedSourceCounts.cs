using System.Collections.Concurrent;
using System.Globalization;
using MetricsApi.Data;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Publish;

/// <summary>What one source delivered of one event type up to the newest released week.</summary>
/// <param name="Events">Events that occurred before <see cref="ReleasedSources.Through"/> and were received by its cut-off.</param>
/// <param name="LastWeek">Monday of the last of those weeks in which the source had any event.</param>
public sealed record ReleasedDelivery(long Events, DateOnly? LastWeek);

/// <summary>Per (type, source) deliveries up to the end of the newest released week (exclusive), as of that release's cut-off.</summary>
public sealed record ReleasedSources(DateOnly? Through, IReadOnlyDictionary<(string Type, string Source), ReleasedDelivery> Deliveries)
{
    public static ReleasedSources None { get; } = new(null, new Dictionary<(string, string), ReleasedDelivery>());
}

/// <summary>
/// Lineage's figures for sources of people's events, lagged to the last released week: a per-tool
/// source one pilot uses would otherwise tell its operators that person's activity as it happens,
/// running week included (issue 11, class 5). Counted from the event tables once per newest
/// release and type, then kept in memory until a newer week is released, so catalogue reads do not
/// scan events.
/// </summary>
public sealed class ReleasedSourceCounts(MetricsDbContext db, PeriodQueries queries, ReleasedSourceCounts.Cache cache)
{
    /// <summary>Deliveries of the given person-based types up to the newest released week.</summary>
    public async Task<ReleasedSources> ForAsync(IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        var newest = await db.Set<Release>().AsNoTracking().Where(r => r.Grain == Grains.Week)
            .OrderByDescending(r => r.PeriodEnd).ThenByDescending(r => r.Id)
            .Select(r => new { r.PeriodEnd, r.DataCutoff }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (newest is null || types.Count == 0)
        {
            return ReleasedSources.None;
        }

        var cutoff = DateTime.SpecifyKind(newest.DataCutoff, DateTimeKind.Utc);
        var deliveries = new Dictionary<(string, string), ReleasedDelivery>();
        foreach (var type in types.Distinct(StringComparer.Ordinal))
        {
            var key = (type, newest.PeriodEnd, cutoff);
            if (!cache.Entries.TryGetValue(key, out var counted))
            {
                counted = await CountAsync(EventSources.Of(type), newest.PeriodEnd, cutoff, cancellationToken).ConfigureAwait(false);
                foreach (var stale in cache.Entries.Keys.Where(k => k.Type == type && k != key))
                {
                    cache.Entries.TryRemove(stale, out _);
                }

                cache.Entries[key] = counted;
            }

            foreach (var (source, delivery) in counted)
            {
                deliveries[(type, source)] = delivery;
            }
        }

        return new ReleasedSources(newest.PeriodEnd, deliveries);
    }

    private async Task<IReadOnlyDictionary<string, ReleasedDelivery>> CountAsync(EventSource source, DateOnly through, DateTime cutoff, CancellationToken cancellationToken)
    {
        var time = source.Table switch
        {
            "ai_usage" => "occurred_at",
            "tool_access" => "granted_at",
            "survey_responses" => "submitted_at",
            _ => "finished_at",
        };
        var counts = new Dictionary<string, ReleasedDelivery>(StringComparer.Ordinal);
        await queries.ReadAsync(
            $"SELECT e.source, COUNT(*), MAX(e.{time}) FROM {source.Table} e WHERE e.{time} < @pe AND e.received_at <= @cutoff GROUP BY e.source",
            through, through, new Dictionary<string, object> { ["@cutoff"] = cutoff },
            r =>
            {
                var last = r.IsDBNull(2) ? (DateTime?)null : Timestamp(r.GetValue(2));
                counts[r.GetString(0)] = new ReleasedDelivery(Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture), last is { } at ? PeriodRange.StartOf(Grains.Week, DateOnly.FromDateTime(at)) : null);
            },
            cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>A timestamp as a provider returns it (SQLite: text), in UTC.</summary>
    internal static DateTime Timestamp(object value) => value switch
    {
        DateTime t => t,
        DateTimeOffset o => o.UtcDateTime,
        string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        var other => Convert.ToDateTime(other, CultureInfo.InvariantCulture),
    };

    /// <summary>Counts per (type, newest released week, its cut-off); one entry per type is kept.</summary>
    public sealed class Cache
    {
        public ConcurrentDictionary<(string Type, DateOnly Through, DateTime Cutoff), IReadOnlyDictionary<string, ReleasedDelivery>> Entries { get; } = new();
    }
}
