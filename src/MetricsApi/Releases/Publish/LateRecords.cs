using System.Globalization;
using MetricsApi.Data;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// Counts, per released period, the records that arrived after its current vintage's cut-off and are
/// therefore not in its releases: events, memberships recorded or superseded later, and org-unit versions
/// recorded after the period's tree was fixed. A pass looks only at what arrived since the last one
/// (the received/recorded indexes), and recounts exactly the periods those records fall in.
/// </summary>
public sealed class LateRecords(MetricsDbContext db, DatabaseSettings settings, PeriodQueries queries, IOptions<ReleaseOptions> options, TimeProvider clock)
{
    private TimeSpan ClockSkew => options.Value.ClockSkew(settings.Provider);

    /// <summary>Brings every current vintage's count up to now (minus the clock skew allowance).</summary>
    public async Task CountAsync(CancellationToken cancellationToken)
    {
        var upTo = await WatermarkAsync(cancellationToken).ConfigureAwait(false);
        var vintages = await db.Set<PeriodVintage>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var current = vintages.GroupBy(v => (v.Grain, v.PeriodStart)).Select(g => g.MaxBy(v => v.Number)!).ToList();
        var counts = await db.Set<LateRecordCount>().ToDictionaryAsync(c => c.VintageId, cancellationToken).ConfigureAwait(false);
        var stale = current.Where(v => counts.TryGetValue(v.Id, out var c) && c.CountedUpTo < upTo).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        var since = stale.Min(v => counts[v.Id].CountedUpTo);
        var touched = await TouchedAsync(since, upTo, cancellationToken).ConfigureAwait(false);
        var firstCutoffs = vintages.GroupBy(v => (v.Grain, v.PeriodStart)).ToDictionary(g => g.Key, g => g.MinBy(v => v.Number)!.DataCutoff);
        foreach (var vintage in stale)
        {
            var end = PeriodRange.Next(vintage.Grain, vintage.PeriodStart);
            if (touched.Any(t => t.From < end && t.To > vintage.PeriodStart))
            {
                counts[vintage.Id].Records = (int)await ExactAsync(vintage, firstCutoffs[(vintage.Grain, vintage.PeriodStart)], upTo, cancellationToken).ConfigureAwait(false);
            }

            counts[vintage.Id].CountedUpTo = upTo;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    /// <summary>Counts one vintage's late records exactly, up to <paramref name="upTo"/>.</summary>
    public async Task<long> ExactAsync(PeriodVintage vintage, DateTime structureCutoff, DateTime upTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vintage);
        var end = PeriodRange.Next(vintage.Grain, vintage.PeriodStart);
        var parameters = new Dictionary<string, object> { ["@cutoff"] = vintage.DataCutoff, ["@structure"] = structureCutoff, ["@upto"] = upTo, ["@vintage"] = vintage.Id };
        long total = 0;
        foreach (var source in EventSources.All)
        {
            var admittedUpTo = source.PersonBased
                ? "COALESCE((SELECT h.since FROM vintage_holds h WHERE h.vintage_id = @vintage AND h.person_key = e.person_key), @cutoff)"
                : "@cutoff";
            total += await queries.CountAsync(
                $"SELECT COUNT(*) FROM {source.Table} e WHERE {source.InPeriod} AND e.received_at <= @upto AND e.received_at > {admittedUpTo}",
                vintage.PeriodStart, end, parameters, cancellationToken).ConfigureAwait(false);
        }

        const string changedMembership = "(m.recorded_at > {0} AND m.recorded_at <= @upto) OR (m.superseded_at > {0} AND m.superseded_at <= @upto)";
        // A changed membership or unit counts once, however many rows its change superseded and wrote.
        total += await queries.CountAsync(
            "SELECT COUNT(*) FROM (SELECT DISTINCT m.person_key, m.team_id FROM memberships m WHERE m.valid_from < @ped AND (m.valid_to IS NULL OR m.valid_to > @psd) AND (" +
            string.Format(CultureInfo.InvariantCulture, changedMembership, "COALESCE((SELECT h.since FROM vintage_holds h WHERE h.vintage_id = @vintage AND h.person_key = m.person_key), @cutoff)") + ")) changed",
            vintage.PeriodStart, end, parameters, cancellationToken).ConfigureAwait(false);
        total += await queries.CountAsync(
            "SELECT COUNT(DISTINCT m.unit_id) FROM org_unit_versions m WHERE m.valid_from <= @psd AND (m.valid_to IS NULL OR m.valid_to > @psd) AND (" +
            string.Format(CultureInfo.InvariantCulture, changedMembership, "@structure") + ")",
            vintage.PeriodStart, end, parameters, cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>The instant up to which every received row is committed: taken behind the write fence.</summary>
    private async Task<DateTime> WatermarkAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteFence.EnterExclusiveAsync(db, settings.Provider, cancellationToken).ConfigureAwait(false);
        var upTo = clock.GetUtcNow().UtcDateTime - ClockSkew;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return upTo;
    }

    /// <summary>The day ranges that rows received or recorded in (<paramref name="since"/>, <paramref name="upTo"/>] fall in.</summary>
    private async Task<List<(DateOnly From, DateOnly To)>> TouchedAsync(DateTime since, DateTime upTo, CancellationToken cancellationToken)
    {
        var dialect = new SqlDialect(settings.Provider);
        var parameters = new Dictionary<string, object> { ["@since"] = since, ["@upto"] = upTo };
        var ranges = new List<(DateOnly, DateOnly)>();
        void Read(System.Data.Common.DbDataReader r)
        {
            var from = Day(r.GetValue(0));
            ranges.Add((from, r.IsDBNull(1) ? DateOnly.MaxValue : Day(r.GetValue(1)).AddDays(1)));
        }

        foreach (var source in EventSources.All)
        {
            var (first, last) = source.Type == Features.Ingestion.EventTypes.ToolAccess ? ("e.granted_at", "e.revoked_at")
                : source.Type == Features.Ingestion.EventTypes.Deployment ? ("e.finished_at", "e.finished_at")
                : source.Type == Features.Ingestion.EventTypes.AiUsage ? ("e.occurred_at", "e.occurred_at") : ("e.submitted_at", "e.submitted_at");
            await queries.ReadAsync($"SELECT DISTINCT {dialect.Day(first)}, {dialect.Day(last)} FROM {source.Table} e WHERE e.received_at > @since AND e.received_at <= @upto",
                DateOnly.MinValue, DateOnly.MinValue, parameters, Read, cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in new[] { "memberships", "org_unit_versions" })
        {
            await queries.ReadAsync($"SELECT DISTINCT m.valid_from, m.valid_to FROM {table} m WHERE (m.recorded_at > @since AND m.recorded_at <= @upto) OR (m.superseded_at > @since AND m.superseded_at <= @upto)",
                DateOnly.MinValue, DateOnly.MinValue, parameters, r =>
                {
                    var from = Day(r.GetValue(0));
                    ranges.Add((from, r.IsDBNull(1) ? DateOnly.MaxValue : Day(r.GetValue(1))));
                }, cancellationToken).ConfigureAwait(false);
        }

        return ranges;
    }

    private static DateOnly Day(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string s => DateOnly.ParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unexpected day value {value}."),
    };
}
