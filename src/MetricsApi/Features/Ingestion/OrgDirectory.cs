using MetricsApi.Data;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// The org units known to one ingestion request, by external id: loaded once (a company has a few
/// thousand units at most) and updated as org_unit events of the same request are applied. A miss
/// asks the database, so units another request created meanwhile are found too.
/// </summary>
public sealed class OrgDirectory
{
    private readonly MetricsDbContext _db;
    private readonly Dictionary<string, OrgUnit> _units;

    private OrgDirectory(MetricsDbContext db, Dictionary<string, OrgUnit> units)
    {
        _db = db;
        _units = units;
    }

    public static async Task<OrgDirectory> LoadAsync(MetricsDbContext db, CancellationToken cancellationToken) =>
        new(db, await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.ExternalId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false));

    public OrgUnit? Find(string externalId)
    {
        if (_units.TryGetValue(externalId, out var unit))
        {
            return unit;
        }

        unit = _db.Set<OrgUnit>().AsNoTracking().FirstOrDefault(u => u.ExternalId == externalId);
        if (unit is not null)
        {
            _units[externalId] = unit;
        }

        return unit;
    }

    public void Remember(OrgUnit unit) => _units[unit.ExternalId] = unit;

    public IEnumerable<OrgUnit> Below(string path) => _units.Values.Where(u => u.Path.StartsWith(path, StringComparison.Ordinal));

    public IEnumerable<OrgUnit> Companies() => _units.Values.Where(u => u.Kind == OrgUnitKinds.Company);

    public bool HasChildren(int unitId) =>
        _units.Values.Any(u => u.ParentId == unitId) || _db.Set<OrgUnit>().AsNoTracking().Any(u => u.ParentId == unitId);

    /// <summary>Whether a team has (current) memberships valid on or after the day.</summary>
    public bool HasMembersFrom(int teamId, DateOnly day) =>
        _db.Set<Membership>().AsNoTracking().Any(m => m.TeamId == teamId && m.SupersededAt == null && (m.ValidTo == null || m.ValidTo > day));
}
