using System.Globalization;
using MetricsApi.Data;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Audit;

/// <summary>Pages through the audit log, newest first, with the filters of <c>auditLog(where:)</c>.</summary>
public sealed class AuditLogReader(MetricsDbContext db, TypedIdentifiers typed)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const string CursorPrefix = "audit";

    public sealed record Page(IReadOnlyList<AuditEntry> Entries, bool HasNextPage, bool HasPreviousPage, int TotalCount);

    public async Task<Page> ReadAsync(AuditLogFilter filter, int? first, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var size = first ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput, $"'first' must be between 1 and {MaxPageSize}.", new Dictionary<string, object?> { ["field"] = "first" });
        }

        var query = Apply(db.Set<AuditEntry>().AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        if (after is not null)
        {
            var afterSequence = DecodeCursor(after);
            query = query.Where(e => e.Sequence < afterSequence);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(size + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page(rows.Take(size).ToList(), rows.Count > size, after is not null, total);
    }

    public static string EncodeCursor(long sequence) => Cursors.Encode(CursorPrefix, sequence.ToString(CultureInfo.InvariantCulture));

    private static long DecodeCursor(string cursor) =>
        long.TryParse(Cursors.Decode(CursorPrefix, cursor, "auditLog"), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new MetricsApiError(ErrorCodes.BadUserInput, "'after' is not a cursor returned by auditLog.", new Dictionary<string, object?> { ["field"] = "after" });

    private IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query, AuditLogFilter filter)
    {
        if (!string.IsNullOrEmpty(filter.Principal))
        {
            query = query.Where(e => e.PrincipalId == filter.Principal || e.PrincipalName == filter.Principal);
        }

        if (filter.Action is not null)
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (filter.Purpose is not null)
        {
            query = query.Where(e => e.Purpose == filter.Purpose);
        }

        if (filter.Decision is not null)
        {
            query = query.Where(e => e.Decision == filter.Decision);
        }

        if (!string.IsNullOrEmpty(filter.Metric))
        {
            // A key that was not known when it was typed is stored as its marker: either matches.
            var key = filter.Metric;
            var marker = typed.Mark(key);
            query = query.Where(e => e.Metrics != null && (e.Metrics == key
                || e.Metrics.StartsWith(key + ",")
                || e.Metrics.EndsWith("," + key)
                || e.Metrics.Contains("," + key + ",")
                || e.Metrics == marker
                || e.Metrics.StartsWith(marker + ",")
                || e.Metrics.EndsWith("," + marker)
                || e.Metrics.Contains("," + marker + ",")));
        }

        if (filter.From is { } from)
        {
            var utc = AuditHashing.Normalise(from);
            query = query.Where(e => e.OccurredAt >= utc);
        }

        if (filter.To is { } to)
        {
            var utc = AuditHashing.Normalise(to);
            query = query.Where(e => e.OccurredAt <= utc);
        }

        return query;
    }
}
