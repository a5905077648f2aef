using System.Data.Common;
using System.Globalization;
using MetricsApi.Data;
using MetricsApi.Releases.Publish;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Read;

/// <summary>A release as a read names it in provenance.</summary>
public sealed record ReleaseInfo(long Id, string MetricKey, DateOnly PeriodStart, int MetricVersion, int PolicyVersion, int Revision, int MinGroupSize,
    DateTime BuiltAt, DateTime DataCutoff, int LateRecords, DateTime LateCountedUpTo);

/// <summary>One cell as released.</summary>
public sealed record ReleasedCell(long ReleaseId, int UnitId, string DimensionValue, double? Value, string? Reason, int People);

/// <summary>
/// Reads release rows: the current release of a metric version for each period (the newest one built
/// under a policy version with the current disclosure parameters), then its cells of one level and one
/// dimension, for the units asked for. Two small indexed queries; cost follows the cells asked for, not
/// the events behind them or the size of the org.
/// </summary>
public sealed class ReleaseLookup(MetricsDbContext db)
{
    /// <summary>Above this many units the cells of a level are read whole and filtered here (cheaper than a long IN list).</summary>
    private const int MaxUnitFilter = 500;

    public async Task<IReadOnlyDictionary<DateOnly, ReleaseInfo>> ReleasesAsync(long versionId, string grain, DateOnly from, DateOnly to, int policySince, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Release>().AsNoTracking()
            .Where(r => r.MetricVersionId == versionId && r.Grain == grain && r.PeriodStart >= from && r.PeriodStart < to && r.PolicyVersion >= policySince)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var current = rows.GroupBy(r => r.PeriodStart).Select(g => g.MaxBy(r => r.Id)!).ToList();
        var vintages = current.Select(r => r.VintageId).Distinct().ToList();
        var late = await db.Set<LateRecordCount>().AsNoTracking().Where(c => vintages.Contains(c.VintageId))
            .ToDictionaryAsync(c => c.VintageId, cancellationToken).ConfigureAwait(false);
        return current.ToDictionary(r => r.PeriodStart, r =>
        {
            var count = late.GetValueOrDefault(r.VintageId);
            return new ReleaseInfo(r.Id, r.MetricKey, r.PeriodStart, r.MetricVersion, r.PolicyVersion, r.Revision, r.MinGroupSize,
                Utc(r.BuiltAt), Utc(r.DataCutoff), count?.Records ?? 0, Utc(count?.CountedUpTo ?? r.DataCutoff));
        });
    }

    /// <summary>The cells of the given releases at one level and dimension ("" for totals), for the given units.</summary>
    public async Task<IReadOnlyList<ReleasedCell>> CellsAsync(IReadOnlyCollection<long> releaseIds, string level, string dimension, IReadOnlyCollection<int> units, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(releaseIds);
        ArgumentNullException.ThrowIfNull(units);
        if (releaseIds.Count == 0 || units.Count == 0)
        {
            return [];
        }

        // Ids are numbers this service produced: written as literals, so no provider's parameter limit applies.
        static string List(IEnumerable<long> ids) => string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var filterUnits = units.Count <= MaxUnitFilter;
        var sql = $"SELECT release_id, unit_id, dimension_value, value, reason, people FROM release_cells WHERE release_id IN ({List(releaseIds)}) " +
            "AND level = @level AND dimension = @dimension" + (filterUnits ? $" AND unit_id IN ({List(units.Select(u => (long)u))})" : "");
        var wanted = filterUnits ? null : units.ToHashSet();
        var cells = new List<ReleasedCell>();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            Add(command, "@level", level);
            Add(command, "@dimension", dimension);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var unit = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                if (wanted is not null && !wanted.Contains(unit))
                {
                    continue;
                }

                cells.Add(new ReleasedCell(
                    Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), unit, reader.GetString(2),
                    reader.IsDBNull(3) ? null : Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return cells;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
