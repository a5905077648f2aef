using System.Data.Common;
using MetricsApi.Data;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Audit;

/// <summary>
/// The one way anything is written to the audit log. Appends lock the chain head row first, so
/// concurrent requests (and several API instances) append one after another and the chain never
/// forks; when the caller already has a transaction open, the entry joins it, so the audited change
/// and its entry commit or fail together. Any failure becomes <see cref="AuditUnavailableError"/>.
/// </summary>
public sealed class AuditLog(MetricsDbContext db, AuditActor actor, AuditAppendGate gate, TypedIdentifiers typed, TimeProvider clock, ILogger<AuditLog> logger)
{
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        AuditEntry? entry = null;
        try
        {
            record = await typed.ProtectAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogError(ex, "Checking the identifiers of an audit entry failed ({Action}); the request fails closed.", record.Action);
            throw new AuditUnavailableError();
        }

        await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ownsTransaction = db.Database.CurrentTransaction is null;
            await using var transaction = ownsTransaction ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE audit_chain_head SET sequence = sequence + 1 WHERE id = 1", cancellationToken).ConfigureAwait(false);
            var head = await db.Set<AuditChainHead>().AsNoTracking()
                .SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken).ConfigureAwait(false);

            var draft = Build(record, head.Sequence, head.Hash, string.Empty);
            entry = Build(record, head.Sequence, head.Hash, AuditHashing.ComputeHash(draft), draft.OccurredAt);
            db.Add(entry);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE audit_chain_head SET hash = {0} WHERE id = 1", [entry.Hash], cancellationToken).ConfigureAwait(false);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return entry;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            if (entry is not null)
            {
                db.Entry(entry).State = EntityState.Detached;
            }

            logger.LogError(ex, "Writing the audit log failed ({Action}); the request fails closed.", record.Action);
            throw new AuditUnavailableError();
        }
        finally
        {
            gate.Semaphore.Release();
        }
    }

    private AuditEntry Build(AuditRecord record, long sequence, string previousHash, string hash, DateTime? occurredAt = null) => new()
    {
        Sequence = sequence,
        OccurredAt = occurredAt ?? AuditHashing.Normalise(clock.GetUtcNow().UtcDateTime),
        PrincipalId = actor.PrincipalId,
        PrincipalName = Fit(actor.PrincipalName, 400)!,
        Roles = string.Join(',', actor.Roles),
        Action = record.Action,
        OperationName = Fit(actor.OperationName, 200),
        DocumentHash = actor.DocumentHash,
        Purpose = Fit(record.Purpose, 40),
        Metrics = Fit(Join(record.Metrics), 4000),
        Scope = Fit(Join(record.Scope), 4000),
        Target = Fit(record.Target, 1000),
        Decision = record.Decision,
        RuleCodes = Fit(Join(record.RuleCodes), 1000),
        PolicyVersion = record.PolicyVersion,
        PointsServed = record.PointsServed,
        PointsSuppressed = record.PointsSuppressed,
        EventsAccepted = record.EventsAccepted,
        EventsDuplicate = record.EventsDuplicate,
        EventsRejected = record.EventsRejected,
        PreviousHash = previousHash,
        Hash = hash,
    };

    /// <summary>
    /// Cuts a value to its column (marking the cut with "…"): values can come from requests, and an
    /// over-long one must never make the audit write, and so the request, fail on providers that
    /// enforce lengths (PostgreSQL, SQL Server) while passing on SQLite.
    /// </summary>
    private static string? Fit(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..(maxLength - 1)] + "…";

    private static string? Join(IReadOnlyCollection<string>? values) =>
        values is null || values.Count == 0 ? null : string.Join(',', values);
}
