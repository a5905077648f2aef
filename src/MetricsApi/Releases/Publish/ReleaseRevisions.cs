using MetricsApi.Access.Policy;
using MetricsApi.Data;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// Carries out a MetricSteward's revision of a released period: a new vintage of the period's data
/// (cut-off now, behind the write fence) admitting the late records <see cref="RevisionRule"/> allows
/// and holding back the rest, then a revision of every current release of the period built from it.
/// The vintage and its holds are one transaction and the request remembers its vintage, so a crash
/// between vintage and releases resumes with the releases.
/// </summary>
public sealed class ReleaseRevisions(
    MetricsDbContext db,
    DatabaseSettings settings,
    PeriodQueries queries,
    PolicyStore policies,
    ReleaseBuilder builder,
    LateRecords late,
    IOptions<ReleaseOptions> options,
    TimeProvider clock,
    ILogger<ReleaseRevisions> logger)
{
    private TimeSpan ClockSkew => options.Value.ClockSkew(settings.Provider);

    /// <summary>Carries out every waiting revision request, oldest first. Returns the releases written.</summary>
    public async Task<int> ReviseWaitingAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        var waiting = await db.Set<RevisionRequest>().AsNoTracking().Where(r => r.DoneAt == null).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var request in waiting)
        {
            written += await ReviseAsync(request.Id, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private async Task<int> ReviseAsync(long requestId, CancellationToken cancellationToken)
    {
        var request = await db.Set<RevisionRequest>().AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false);
        var vintages = await db.Set<PeriodVintage>().AsNoTracking().Where(v => v.Grain == request.Grain && v.PeriodStart == request.PeriodStart)
            .OrderBy(v => v.Number).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (request.VintageId is null)
        {
            var vintage = await NewVintageAsync(request, vintages[^1], cancellationToken).ConfigureAwait(false);
            vintages.Add(vintage);
        }

        var metrics = await db.Set<MetricVersion>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var current = metrics.GroupBy(v => v.MetricKey).Select(g => new Metric(g.Key, [.. g]).Current)
            .Where(v => MetricSet.IsPublished(v) && CatalogueService.Split(v.Grains).Contains(request.Grain)).Select(v => v.Id).ToList();
        var written = await builder.BuildPeriodAsync(request.Grain, request.PeriodStart, current, cancellationToken).ConfigureAwait(false);

        var newest = vintages[^1];
        var count = await db.Set<LateRecordCount>().SingleAsync(c => c.VintageId == newest.Id, cancellationToken).ConfigureAwait(false);
        count.Records = (int)await late.ExactAsync(newest, vintages[0].DataCutoff, newest.DataCutoff, cancellationToken).ConfigureAwait(false);
        var done = await db.Set<RevisionRequest>().SingleAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false);
        done.DoneAt = clock.GetUtcNow().UtcDateTime;
        done.VintageId = newest.Id;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Releases: revision {Number} of {Grain} {Start} written ({Releases} releases).", newest.Number, request.Grain, request.PeriodStart, written);
        }

        return written;
    }

    /// <summary>The next vintage with its holds, recorded with the request in one transaction behind the write fence.</summary>
    private async Task<PeriodVintage> NewVintageAsync(RevisionRequest request, PeriodVintage previous, CancellationToken cancellationToken)
    {
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        var versions = await db.Set<MetricVersion>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var k = versions.GroupBy(v => v.MetricKey).Select(g => new Metric(g.Key, [.. g]).Current)
            .Where(v => MetricSet.IsPublished(v) && CatalogueService.Split(v.Grains).Contains(request.Grain))
            .Select(v => policy.EffectiveMinGroupSize(v.MetricKey, v.MinGroupSize)).DefaultIfEmpty(PolicyRules.Floor).Max();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteFence.EnterExclusiveAsync(db, settings.Provider, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - ClockSkew;
        var previousHolds = await db.Set<VintageHold>().AsNoTracking().Where(h => h.VintageId == previous.Id)
            .ToDictionaryAsync(h => h.PersonKey, h => h.Since, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var latePeople = await LatePeopleAsync(request, previous, cutoff, cancellationToken).ConfigureAwait(false);
        var held = RevisionRule.Held(latePeople, k);

        var vintage = new PeriodVintage
        {
            Grain = request.Grain,
            PeriodStart = request.PeriodStart,
            Number = previous.Number + 1,
            DataCutoff = cutoff,
            CreatedAt = now,
            CreatedBy = request.RequestedBy,
            Reason = request.Reason,
        };
        db.Add(vintage);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.AddRange(held.Select(p => new VintageHold { VintageId = vintage.Id, PersonKey = p, Since = previousHolds.GetValueOrDefault(p, previous.DataCutoff) }));
        db.Add(new LateRecordCount { VintageId = vintage.Id, Records = 0, CountedUpTo = cutoff });
        var tracked = await db.Set<RevisionRequest>().SingleAsync(r => r.Id == request.Id, cancellationToken).ConfigureAwait(false);
        tracked.VintageId = vintage.Id;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Releases: revising {Grain} {Start}: {Late} people with late records, {Held} held back (k = {K}).", request.Grain, request.PeriodStart, latePeople.Count, held.Count, k);
        }

        return vintage;
    }

    /// <summary>
    /// Everyone with records of the period received after the previous vintage admitted them (their own
    /// earlier cut-off when they were held), with the teams and cells those records change.
    /// </summary>
    private async Task<IReadOnlyList<RevisionRule.LatePerson>> LatePeopleAsync(RevisionRequest request, PeriodVintage previous, DateTime cutoff, CancellationToken cancellationToken)
    {
        var start = request.PeriodStart;
        var end = PeriodRange.Next(request.Grain, start);
        var parameters = new Dictionary<string, object> { ["@previous"] = previous.Id, ["@c1"] = previous.DataCutoff, ["@c2"] = cutoff };
        const string admitted = "COALESCE((SELECT h.since FROM vintage_holds h WHERE h.vintage_id = @previous AND h.person_key = {0}.person_key), @c1)";
        var cells = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var movers = new HashSet<string>(StringComparer.Ordinal);
        void Cell(string person, string cell)
        {
            if (!cells.TryGetValue(person, out var set))
            {
                cells[person] = set = [""];
            }

            set.Add(cell);
        }

        foreach (var source in EventSources.All.Where(s => s.PersonBased))
        {
            await queries.ReadAsync(
                $"SELECT DISTINCT e.person_key, e.tool FROM {source.Table} e WHERE {source.InPeriod} AND e.received_at <= @c2 AND e.received_at > {string.Format(System.Globalization.CultureInfo.InvariantCulture, admitted, "e")}",
                start, end, parameters, r => Cell(r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
        }

        await queries.ReadAsync(
            "SELECT DISTINCT m.person_key FROM memberships m WHERE m.valid_from < @ped AND (m.valid_to IS NULL OR m.valid_to > @psd) AND (" +
            string.Format(System.Globalization.CultureInfo.InvariantCulture, "(m.recorded_at > {0} AND m.recorded_at <= @c2) OR (m.superseded_at > {0} AND m.superseded_at <= @c2)", string.Format(System.Globalization.CultureInfo.InvariantCulture, admitted, "m")) + ")",
            start, end, parameters, r => movers.Add(r.GetString(0)), cancellationToken).ConfigureAwait(false);
        foreach (var mover in movers)
        {
            Cell(mover, "");
        }

        if (cells.Count == 0)
        {
            return [];
        }

        // A changed membership moves every record of the person in the period: every value they used.
        if (movers.Count > 0)
        {
            foreach (var source in EventSources.All.Where(s => s.PersonBased))
            {
                await queries.ReadAsync($"SELECT DISTINCT e.person_key, e.tool FROM {source.Table} e WHERE {source.InPeriod} AND e.received_at <= @c2",
                    start, end, parameters, r =>
                    {
                        if (movers.Contains(r.GetString(0)))
                        {
                            Cell(r.GetString(0), r.GetString(1));
                        }
                    }, cancellationToken).ConfigureAwait(false);
            }
        }

        var teams = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        await queries.ReadAsync("SELECT m.person_key, m.team_id FROM memberships m WHERE m.valid_from < @ped AND (m.valid_to IS NULL OR m.valid_to > @psd) AND m.recorded_at <= @c2",
            start, end, parameters, r =>
            {
                var person = r.GetString(0);
                if (cells.ContainsKey(person))
                {
                    if (!teams.TryGetValue(person, out var set))
                    {
                        teams[person] = set = [];
                    }

                    set.Add(Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
                }
            }, cancellationToken).ConfigureAwait(false);
        return cells.Select(c => new RevisionRule.LatePerson(c.Key, teams.GetValueOrDefault(c.Key) ?? [], c.Value)).ToList();
    }
}
