using System.Globalization;
using MetricsApi.Access.Policy;
using MetricsApi.Data;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// Builds releases: for one period, every published metric version at its grain is evaluated in one
/// SQL round trip over the period's data vintage and org tree, disclosure control runs over the whole
/// table (primary, earlier releases of the period, secondary with its audit), and the releases that
/// are missing are written in one transaction, so a build is either all there or not at all.
/// </summary>
public sealed class ReleaseBuilder(
    MetricsDbContext db,
    DatabaseSettings settings,
    PolicyStore policies,
    ReleaseWriter writer,
    DimensionValues dimensions,
    FirstData firstData,
    IngestionSettling settling,
    IOptions<ReleaseOptions> options,
    TimeProvider clock,
    ILogger<ReleaseBuilder> logger)
{
    private readonly ReleaseCalendar _calendar = new(options.Value);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private TimeSpan ClockSkew => options.Value.ClockSkew(settings.Provider);

    /// <summary>The periods with missing releases of current metric versions under the current policy, newest first, each month after its weeks.</summary>
    public async Task<IReadOnlyList<DuePeriod>> DueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var dataStart = await firstData.DayAsync(cancellationToken).ConfigureAwait(false);
        if (dataStart is null)
        {
            return [];
        }

        var metrics = await CatalogueAsync(cancellationToken).ConfigureAwait(false);
        var since = await policies.DisclosureSinceAsync(cancellationToken).ConfigureAwait(false);
        var built = (await db.Set<Release>().AsNoTracking().Where(r => r.PolicyVersion >= since)
                .Select(r => new { r.MetricVersionId, r.Grain, r.PeriodStart }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => (r.MetricVersionId, r.Grain, r.PeriodStart)).ToHashSet();
        var current = metrics.Values.Select(m => m.Current).Where(MetricSet.IsPublished).ToList();
        var due = new List<DuePeriod>();
        foreach (var grain in new[] { Grains.Week, Grains.Month })
        {
            var versions = current.Where(v => CatalogueService.Split(v.Grains).Contains(grain)).ToList();
            if (versions.Count == 0)
            {
                continue;
            }

            foreach (var start in _calendar.Releasable(grain, dataStart.Value, now))
            {
                var missing = versions.Where(v => !built.Contains((v.Id, grain, start))).Select(v => v.Id).ToList();
                if (missing.Count > 0)
                {
                    due.Add(new DuePeriod(grain, start, missing));
                }
            }
        }

        return [.. ReleaseCalendar.InBuildOrder(due, d => d.Grain, d => d.Start)];
    }

    /// <summary>
    /// Builds every due period, newest first, while <paramref name="keepGoing"/> says so (the lease is
    /// still held). Nothing is built while records of closed periods arrived within
    /// <paramref name="settle"/>: the background builder tries again later, a synchronous build
    /// (<paramref name="waitToSettle"/>: it runs after a load it knows has finished) waits. Returns the releases written.
    /// </summary>
    public async Task<int> BuildDueAsync(Func<CancellationToken, Task<bool>>? keepGoing, TimeSpan settle, bool waitToSettle, CancellationToken cancellationToken)
    {
        var written = 0;
        var due = await DueAsync(cancellationToken).ConfigureAwait(false);
        // A cut-off is set back by the clock skew allowance, so records received within it are not in
        // the release: the quiet window must be at least that long or a history just loaded would be
        // published without it (as an empty release) for good.
        if (settle > TimeSpan.Zero && settle < ClockSkew)
        {
            settle = ClockSkew;
        }

        while (due.Count > 0 && settle > TimeSpan.Zero
            && await settling.LastHistoricalArrivalAsync(Now - settle, Now.AddDays(-options.Value.GraceDays), cancellationToken).ConfigureAwait(false) is { } last)
        {
            if (!waitToSettle)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Releases: records of closed periods are still arriving (last at {Last:O}); building waits until none has for {Settle} s.", last, settle.TotalSeconds);
                }

                return 0;
            }

            await Task.Delay(last + settle - Now + TimeSpan.FromMilliseconds(100), clock, cancellationToken).ConfigureAwait(false);
        }

        if (due.Count > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Releases: {Periods} periods have missing releases ({Releases} releases).", due.Count, due.Sum(d => d.MissingVersionIds.Count));
        }

        for (var i = 0; i < due.Count; i++)
        {
            if (keepGoing is not null && !await keepGoing(cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Releases: stopped after {Done} of {Periods} periods (the builder lease was lost).", i, due.Count);
                break;
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var releases = await BuildPeriodAsync(due[i].Grain, due[i].Start, due[i].MissingVersionIds, cancellationToken).ConfigureAwait(false);
            written += releases;
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Releases: {Grain} {Start} built ({Done}/{Periods}): {Releases} releases in {Seconds} s (evaluation SQL {Sql} s, disclosure control {Disclosure} s, write {Write} s).",
                    due[i].Grain, Day(due[i].Start), i + 1, due.Count, releases, Seconds(clock.Elapsed), Seconds(_stages.Sql), Seconds(_stages.Disclosure), Seconds(_stages.Write));
            }
        }

        return written;
    }

    /// <summary>Where the last period's build spent its time (evaluation is lazy: disclosure control runs as cells are taken).</summary>
    private (TimeSpan Sql, TimeSpan Disclosure, TimeSpan Write) _stages;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the releases of one period for the given metric versions (those still missing; others are
    /// skipped) under the current policy, from the period's current data vintage. Returns the releases written.
    /// </summary>
    public async Task<int> BuildPeriodAsync(string grain, DateOnly start, IReadOnlyCollection<long> versionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versionIds);
        var metrics = await CatalogueAsync(cancellationToken).ConfigureAwait(false);
        var policy = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        var since = await policies.DisclosureSinceAsync(cancellationToken).ConfigureAwait(false);
        var vintage = await VintageAsync(grain, start, cancellationToken).ConfigureAwait(false);
        var existing = await db.Set<Release>().AsNoTracking()
            .Where(r => r.Grain == grain && r.PeriodStart == start && r.VintageId == vintage.Id && r.PolicyVersion >= since)
            .Select(r => r.MetricVersionId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var wanted = metrics.Values.Select(m => m.Current)
            .Where(v => versionIds.Contains(v.Id) && !existing.Contains(v.Id) && MetricSet.IsPublished(v) && CatalogueService.Split(v.Grains).Contains(grain))
            .ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }

        _stages = default;
        var tables = await EvaluateAsync(grain, start, vintage, metrics, policy, cancellationToken).ConfigureAwait(false);
        var builtAt = Now;
        var releases = new List<(Release Release, IReadOnlyList<ReleaseCell> Cells)>();
        foreach (var version in wanted)
        {
            var stage = System.Diagnostics.Stopwatch.StartNew();
            var cells = tables.Cells(version, (dimension, table) => dimensions.Listed(dimension, table.DimensionValues(dimension))).ToList();
            _stages.Disclosure += stage.Elapsed;
            var revision = await db.Set<Release>().AsNoTracking()
                .Where(r => r.MetricVersionId == version.Id && r.Grain == grain && r.PeriodStart == start && r.PolicyVersion == policy.Version)
                .MaxAsync(r => (int?)r.Revision, cancellationToken).ConfigureAwait(false) ?? 0;
            releases.Add((new Release
            {
                MetricKey = version.MetricKey,
                MetricVersionId = version.Id,
                MetricVersion = version.Number,
                Grain = grain,
                PeriodStart = start,
                PeriodEnd = PeriodRange.Next(grain, start),
                PolicyVersion = policy.Version,
                MinGroupSize = tables.MinGroupSize(version.MetricKey),
                VintageId = vintage.Id,
                Revision = revision + 1,
                DataCutoff = vintage.DataCutoff,
                BuiltAt = builtAt,
                Cells = cells.Count,
                CellsSuppressed = cells.Count(c => c.Reason is not null),
            }, cells));
        }

        if (tables.ShortOfProtection.Count > 0)
        {
            logger.LogWarning("Releases: {Grain} {Start}: {Count} hidden cells stay narrower than their protection level (no cell within reach that could still be hidden widens them): {Cells}.",
                grain, Day(start), tables.ShortOfProtection.Count, string.Join(", ", tables.ShortOfProtection.Take(10).Select(s => $"{s.Pattern} {s.Cell}")));
        }

        var writing = System.Diagnostics.Stopwatch.StartNew();
        await writer.WriteAsync(releases, cancellationToken).ConfigureAwait(false);
        _stages.Write = writing.Elapsed;
        return releases.Count;
    }

    /// <summary>Evaluates every published metric at the grain for one period, with disclosure control.</summary>
    private async Task<PeriodTables> EvaluateAsync(string grain, DateOnly start, PeriodVintage vintage, IReadOnlyDictionary<string, Metric> metrics, Access.Policy.PolicyRules policy, CancellationToken cancellationToken)
    {
        var atGrain = metrics.Values.Select(m => m.Current).Where(v => MetricSet.IsPublished(v) && CatalogueService.Split(v.Grains).Contains(grain)).ToList();
        var involved = MetricSet.Involved(metrics, atGrain.Select(v => v.MetricKey));
        var quantities = MetricSet.Quantities(metrics, involved, v => policy.EffectiveMinGroupSize(v.MetricKey, v.MinGroupSize));
        var structure = await StructureAsync(grain, start, cancellationToken).ConfigureAwait(false);
        var range = new PeriodRange(grain, [new Period(start, PeriodRange.Next(grain, start))]);
        var holds = await db.Set<VintageHold>().AnyAsync(h => h.VintageId == vintage.Id, cancellationToken).ConfigureAwait(false);
        var sql = new EvaluationSql(new SqlDialect(settings.Provider), range, DataView.Release(structure, vintage.DataCutoff, holds ? vintage.Id : null));
        sql.AddHeadcounts();
        sql.AddSharedPeople();
        foreach (var quantity in quantities.Values.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            sql.AddBaseMetric(quantity.Key, quantity.Definition, quantity.Dimensions);
        }

        RawData data;
        var evaluating = System.Diagnostics.Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            data = await sql.ExecuteAsync(db.Database.GetDbConnection(), options.Value.CommandTimeoutSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        _stages.Sql = evaluating.Elapsed;

        var earlier = await EarlierAsync(grain, start, vintage, cancellationToken).ConfigureAwait(false);
        var others = await OtherGrainsAsync(grain, start, DataView.Release(structure, vintage.DataCutoff, holds ? vintage.Id : null), quantities.Values, cancellationToken).ConfigureAwait(false);
        var evaluator = new TableEvaluator(structure, data, range, involved, quantities,
            key => policy.EffectiveMinGroupSize(key, involved[key].MinGroupSize), earlier, new DisclosureRules(policy.DominancePercent, policy.ProtectionPercent), others);
        return new PeriodTables(structure, start, evaluator);
    }

    /// <summary>
    /// What the released periods of the other grain beside a period served, with their true values and headcounts at
    /// the period's cut-off, for its audit: an attacker reads both grains. A month's: every week overlapping it (all
    /// released before it, <see cref="ReleaseCalendar.InBuildOrder"/>). A week's: the released months it overlaps and
    /// their other weeks (a week is built after its month when it is revised, or when a metric of the same events is
    /// published at the week later); null when no month it overlaps is released.
    /// </summary>
    private async Task<OtherGrains?> OtherGrainsAsync(string grain, DateOnly start, DataView view, IEnumerable<Quantity> quantities, CancellationToken cancellationToken)
    {
        var others = new OtherGrains();
        List<DateOnly> months = [start];
        if (grain == Grains.Week)
        {
            var overlapping = new[] { PeriodRange.StartOf(Grains.Month, start), PeriodRange.StartOf(Grains.Month, start.AddDays(6)) }.Distinct().ToList();
            await ReadReleasedAsync(others, Grains.Month, overlapping, cancellationToken).ConfigureAwait(false);
            months = others.Released(Grains.Month, quantities.Select(q => q.Key));
            if (months.Count == 0)
            {
                return null;
            }

            await EvaluateAsync(others, Grains.Month, months, view, quantities, cancellationToken).ConfigureAwait(false);
        }

        var weeks = months.SelectMany(PeriodRange.WeeksOverlapping).Distinct().Where(w => grain == Grains.Month || w != start).ToList();
        await ReadReleasedAsync(others, Grains.Week, weeks, cancellationToken).ConfigureAwait(false);
        await EvaluateAsync(others, Grains.Week, weeks, view, quantities, cancellationToken).ConfigureAwait(false);
        return others;
    }

    /// <summary>
    /// The true values and headcounts of periods of the other grain, and who moved between teams in each (a unit is the
    /// exact sum of its teams unless someone moved in the period).
    /// </summary>
    private async Task EvaluateAsync(OtherGrains others, string grain, List<DateOnly> starts, DataView view, IEnumerable<Quantity> quantities, CancellationToken cancellationToken)
    {
        var periods = starts.Select(s => new Period(s, PeriodRange.Next(grain, s))).ToList();
        var sql = new EvaluationSql(new SqlDialect(settings.Provider), new PeriodRange(grain, periods), view);
        sql.AddHeadcounts();
        foreach (var quantity in quantities.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            sql.AddBaseMetric(quantity.Key, quantity.Definition, quantity.Dimensions);
        }

        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = db.Database.GetDbConnection();
            var values = await sql.ExecuteAsync(connection, options.Value.CommandTimeoutSeconds, cancellationToken).ConfigureAwait(false);
            var shared = new Dictionary<DateOnly, IReadOnlySet<int>>();
            foreach (var period in periods)
            {
                var movers = new EvaluationSql(new SqlDialect(settings.Provider), new PeriodRange(grain, [period]), view);
                movers.AddSharedPeople();
                shared[period.Start] = (await movers.ExecuteAsync(connection, options.Value.CommandTimeoutSeconds, cancellationToken).ConfigureAwait(false)).TeamsWithSharedPeople;
            }

            others.UseValues(grain, values, shared);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds what the released periods of a grain served: each period as its newest data vintage has it, with every
    /// release of that vintage (a cell an earlier policy version served is public even where the newest release hides
    /// it).
    /// </summary>
    private async Task ReadReleasedAsync(OtherGrains others, string grain, List<DateOnly> starts, CancellationToken cancellationToken)
    {
        var (from, to) = (starts.Min(), starts.Max());
        var releases = (await db.Set<Release>().AsNoTracking()
            .Where(r => r.Grain == grain && r.PeriodStart >= from && r.PeriodStart <= to)
            .Select(r => new { r.Id, r.MetricVersionId, r.PeriodStart, r.VintageId }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => starts.Contains(r.PeriodStart)).ToList();
        var vintages = releases.GroupBy(r => r.PeriodStart).Select(g => g.MaxBy(r => r.Id)!).Select(r => (r.PeriodStart, r.VintageId)).ToHashSet();
        var read = releases.Where(r => vintages.Contains((r.PeriodStart, r.VintageId))).ToList();
        var versionIds = read.Select(r => r.MetricVersionId).Distinct().ToList();
        var definitions = (await db.Set<MetricVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(v => v.Id, v => MetricDefinition.FromJson(v.Definition));
        foreach (var release in read.Where(r => definitions[r.MetricVersionId].Source is not null))
        {
            var definition = definitions[release.MetricVersionId];
            var cells = db.Set<ReleaseCell>().AsNoTracking().Where(c => c.ReleaseId == release.Id)
                .Select(c => new { c.UnitId, c.Dimension, c.DimensionValue, c.Value, c.Reason, c.People }).AsAsyncEnumerable();
            await foreach (var cell in cells.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var split = cell.Dimension.Length > 0;
                others.Add(definition, grain, release.PeriodStart, cell.UnitId, split ? cell.Dimension : null, split ? cell.DimensionValue : null,
                    cell.Reason is null ? cell.Value : null, cell.People, cell.Reason);
            }
        }
    }

    /// <summary>
    /// What earlier releases of the period published, by pattern: hidden cells stay hidden whatever the
    /// vintage; cells shown by a release of the same vintage are public (same data, same values).
    /// </summary>
    private async Task<EarlierReleases> EarlierAsync(string grain, DateOnly start, PeriodVintage vintage, CancellationToken cancellationToken)
    {
        var earlier = new EarlierReleases();
        var releases = await db.Set<Release>().AsNoTracking().Where(r => r.Grain == grain && r.PeriodStart == start)
            .Select(r => new { r.Id, r.MetricVersionId, r.VintageId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (releases.Count == 0)
        {
            return earlier;
        }

        var versionIds = releases.Select(r => r.MetricVersionId).Distinct().ToList();
        var patterns = (await db.Set<MetricVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(v => v.Id, MetricSet.Pattern);
        foreach (var release in releases)
        {
            var pattern = patterns[release.MetricVersionId];
            var sameVintage = release.VintageId == vintage.Id;
            var cells = db.Set<ReleaseCell>().AsNoTracking().Where(c => c.ReleaseId == release.Id && (sameVintage || c.Reason != null))
                .Select(c => new { c.UnitId, c.Dimension, c.DimensionValue, c.Reason }).AsAsyncEnumerable();
            await foreach (var cell in cells.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var key = new CellKey(cell.UnitId, start, cell.Dimension.Length == 0 ? null : cell.Dimension, cell.Dimension.Length == 0 ? null : cell.DimensionValue);
                earlier.Add(pattern, key, cell.Reason is not null);
            }
        }

        return earlier;
    }

    /// <summary>The period's data vintage: the newest one, or the first, recorded now behind the write fence.</summary>
    private async Task<PeriodVintage> VintageAsync(string grain, DateOnly start, CancellationToken cancellationToken)
    {
        var latest = await db.Set<PeriodVintage>().AsNoTracking().Where(v => v.Grain == grain && v.PeriodStart == start)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return latest ?? await CreateVintageAsync(grain, start, 1, "system:releases", "First release of the period.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a data vintage: waits behind the write fence for ingestion in flight, then fixes the cut-off.</summary>
    internal async Task<PeriodVintage> CreateVintageAsync(string grain, DateOnly start, int number, string createdBy, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteFence.EnterExclusiveAsync(db, settings.Provider, cancellationToken).ConfigureAwait(false);
        var now = Now;
        var vintage = new PeriodVintage
        {
            Grain = grain,
            PeriodStart = start,
            Number = number,
            DataCutoff = now - ClockSkew,
            CreatedAt = now,
            CreatedBy = createdBy,
            Reason = reason,
        };
        db.Add(vintage);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Add(new LateRecordCount { VintageId = vintage.Id, Records = 0, CountedUpTo = vintage.DataCutoff });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return vintage;
    }

    /// <summary>
    /// The org tree a period's releases group by: the unit versions in force on the period's first day,
    /// as recorded at the period's first data cut-off. History cannot be rewritten: a reorganisation
    /// recorded later (even back-dated) applies to periods not released yet, never to this one.
    /// </summary>
    private async Task<OrgStructure> StructureAsync(string grain, DateOnly start, CancellationToken cancellationToken)
    {
        var first = await db.Set<PeriodVintage>().AsNoTracking().Where(v => v.Grain == grain && v.PeriodStart == start)
            .OrderBy(v => v.Number).Select(v => v.DataCutoff).FirstAsync(cancellationToken).ConfigureAwait(false);
        var units = await (from v in db.Set<OrgUnitVersion>().AsNoTracking()
                           join u in db.Set<OrgUnit>().AsNoTracking() on v.UnitId equals u.Id
                           where v.ValidFrom <= start && (v.ValidTo == null || v.ValidTo > start)
                               && v.RecordedAt <= first && (v.SupersededAt == null || v.SupersededAt > first)
                           select new { v.UnitId, u.ExternalId, v.Name, v.Kind, v.ParentId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return OrgStructure.FromParents(units.Select(u => (u.UnitId, u.ExternalId, u.Name, u.Kind, u.ParentId)));
    }

    private async Task<IReadOnlyDictionary<string, Metric>> CatalogueAsync(CancellationToken cancellationToken)
    {
        var versions = await db.Set<MetricVersion>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return versions.GroupBy(v => v.MetricKey)
            .ToDictionary(g => g.Key, g => new Metric(g.Key, g.OrderBy(v => v.Number).ToList()), StringComparer.Ordinal);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
