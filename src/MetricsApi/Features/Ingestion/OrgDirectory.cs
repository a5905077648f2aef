using MetricsApi.Data;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// The org units known to one ingestion request, by external id: loaded once (a company has a few
/// thousand units at most) and updated as org_unit events of the same request are applied.
/// </summary>
public sealed class OrgDirectory
{
    private readonly Dictionary<string, OrgUnit> _units;

    private OrgDirectory(Dictionary<string, OrgUnit> units) => _units = units;

    public static async Task<OrgDirectory> LoadAsync(MetricsDbContext db, CancellationToken cancellationToken) =>
        new(await db.Set<OrgUnit>().AsNoTracking().ToDictionaryAsync(u => u.ExternalId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false));

    public OrgUnit? Find(string externalId) => _units.GetValueOrDefault(externalId);

    public void Remember(OrgUnit unit) => _units[unit.ExternalId] = unit;

    public IEnumerable<OrgUnit> Below(string path) => _units.Values.Where(u => u.Path.StartsWith(path, StringComparison.Ordinal));
}
