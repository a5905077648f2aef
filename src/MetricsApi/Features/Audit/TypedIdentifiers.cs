using MetricsApi.Data;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Audit;

/// <summary>
/// Keeps what a caller typed out of the audit log unless it names something the service knows. A
/// scope or metric key that is not a known org unit id or metric key may be anything — a raw e-mail,
/// a person's name, a typo of one — and Auditors read the log, so it is stored as
/// <c>unknown:</c> + 16 hex digits of a keyed hash (HMAC-SHA256 under the pseudonymisation key):
/// repeated probes with the same text still line up, the text itself is never written.
/// </summary>
public sealed class TypedIdentifiers(MetricsDbContext db, Pseudonymiser pseudonymiser)
{
    /// <summary>The marker every replaced value starts with.</summary>
    public const string UnknownMarker = "unknown:";

    /// <summary>Scope words that are not org unit ids but are written by the service itself.</summary>
    private static readonly HashSet<string> ScopeWords = new(StringComparer.Ordinal) { "self" };

    /// <summary>The record with every unknown metric key and scope replaced by its marker, in the target text too.</summary>
    public async Task<AuditRecord> ProtectAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var metrics = record.Metrics?.Where(m => !string.IsNullOrEmpty(m)).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var scopes = record.Scope?.Where(s => !string.IsNullOrEmpty(s) && !ScopeWords.Contains(s)).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (metrics.Count == 0 && scopes.Count == 0)
        {
            return record;
        }

        var knownMetrics = metrics.Count == 0 ? [] : await db.Set<MetricVersion>().AsNoTracking()
            .Where(v => metrics.Contains(v.MetricKey)).Select(v => v.MetricKey).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var knownUnits = scopes.Count == 0 ? [] : await db.Set<OrgUnit>().AsNoTracking()
            .Where(u => scopes.Contains(u.ExternalId)).Select(u => u.ExternalId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var replacements = metrics.Except(knownMetrics, StringComparer.Ordinal)
            .Concat(scopes.Except(knownUnits, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(typed => typed, Mark, StringComparer.Ordinal);
        if (replacements.Count == 0)
        {
            return record;
        }

        var target = record.Target;
        foreach (var (typed, marker) in replacements.OrderByDescending(r => r.Key.Length))
        {
            target = target?.Replace(typed, marker, StringComparison.Ordinal);
        }

        return record with
        {
            Metrics = record.Metrics?.Select(m => replacements.GetValueOrDefault(m, m)).ToList(),
            Scope = record.Scope?.Select(s => replacements.GetValueOrDefault(s, s)).ToList(),
            Target = target,
        };
    }

    /// <summary><c>unknown:</c> and 16 hex digits of the keyed hash of exactly what was typed.</summary>
    public string Mark(string typed) => UnknownMarker + pseudonymiser.Keyed("audit-typed", typed)[..16];
}
