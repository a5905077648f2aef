using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Access.Scope;
using MetricsApi.Data;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Targets.Define;

/// <summary>A target version with the unit it is for.</summary>
public sealed record TargetVersionView(TargetVersion Row, OrgUnit Unit);

/// <summary>A target: every version, oldest first.</summary>
public sealed record TargetHistory(string Key, IReadOnlyList<TargetVersionView> Versions)
{
    public TargetVersionView Latest => Versions[^1];

    /// <summary>The version in force: the newest ACTIVE or RETIRED one (a revision awaiting approval or rejected does not replace it).</summary>
    public TargetVersionView? InForce => Versions.LastOrDefault(v => v.Row.Status is TargetStatuses.Active or TargetStatuses.Retired);

    /// <summary>Where the target stands: the status of the version in force, or of the newest one when none is.</summary>
    public string Status => InForce?.Row.Status ?? Latest.Row.Status;
}

/// <summary>Filter of <c>targets(where:)</c>.</summary>
public sealed record TargetFilter
{
    public string? Metric { get; init; }

    public string? Unit { get; init; }

    public string? Status { get; init; }
}

/// <summary>
/// Reads targets. A target is visible to whoever may read its unit (the same scope as metric values:
/// an Engineer's team, a Manager's or Leader's subtree) and to every Analyst, Auditor and PrivacyOfficer
/// (who approve and check them). A target nobody may see answers like one that does not exist.
/// </summary>
public sealed class TargetReader(MetricsDbContext db, ScopeResolver scopes)
{
    public async Task<IReadOnlyList<TargetHistory>> ListAsync(ClaimsPrincipal caller, TargetFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var visible = await VisibleUnitsAsync(caller, cancellationToken).ConfigureAwait(false);
        var rows = await (from t in db.Set<TargetVersion>().AsNoTracking()
                          join u in db.Set<OrgUnit>().AsNoTracking() on t.UnitId equals u.Id
                          select new { t, u }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.t.TargetKey)
            .Select(g => new TargetHistory(g.Key, g.OrderBy(r => r.t.Number).Select(r => new TargetVersionView(Utc(r.t), r.u)).ToList()))
            .Where(h => visible is null || h.Versions.Any(v => visible.Contains(v.Unit.Id)))
            .Where(h => filter.Metric is null || h.Latest.Row.MetricKey == filter.Metric || h.InForce?.Row.MetricKey == filter.Metric)
            .Where(h => filter.Unit is null || h.Latest.Unit.ExternalId == filter.Unit || h.InForce?.Unit.ExternalId == filter.Unit)
            .Where(h => filter.Status is null || h.Status == filter.Status)
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One target; NOT_FOUND when there is none or the caller may not see it (the same words).</summary>
    public async Task<TargetHistory> GetAsync(ClaimsPrincipal caller, string key, CancellationToken cancellationToken)
    {
        var visible = await VisibleUnitsAsync(caller, cancellationToken).ConfigureAwait(false);
        var rows = await (from t in db.Set<TargetVersion>().AsNoTracking()
                          join u in db.Set<OrgUnit>().AsNoTracking() on t.UnitId equals u.Id
                          where t.TargetKey == key
                          orderby t.Number
                          select new { t, u }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var history = new TargetHistory(key, rows.Select(r => new TargetVersionView(Utc(r.t), r.u)).ToList());
        return rows.Count > 0 && (visible is null || history.Versions.Any(v => visible.Contains(v.Unit.Id)))
            ? history
            : throw new MetricsApiError(ErrorCodes.NotFound, $"No target '{key}' that you may see.", new Dictionary<string, object?> { ["field"] = "target" });
    }

    /// <summary>A version just written, with its unit.</summary>
    public async Task<TargetVersionView> ViewAsync(TargetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var unit = await db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.Id == version.UnitId, cancellationToken).ConfigureAwait(false);
        return new TargetVersionView(Utc(version), unit);
    }

    /// <summary>The units whose targets the caller sees; null for all of them.</summary>
    private async Task<HashSet<int>?> VisibleUnitsAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsInRole(Roles.Analyst) || caller.IsInRole(Roles.Auditor) || caller.IsInRole(Roles.PrivacyOfficer))
        {
            return null;
        }

        return (await scopes.ResolveAsync(caller, on: null, cancellationToken).ConfigureAwait(false)).Select(u => u.Id).ToHashSet();
    }

    private static TargetVersion Utc(TargetVersion version)
    {
        version.CreatedAt = DateTime.SpecifyKind(version.CreatedAt, DateTimeKind.Utc);
        version.ApprovedAt = version.ApprovedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null;
        return version;
    }
}
