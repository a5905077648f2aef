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
public sealed class AuditLog(MetricsDbContext db, AuditActor actor, AuditAppendGate gate, TimeProvider clock, ILogger<AuditLog> logger)
{
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        AuditEntry? entry = null;
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
        PrincipalName = actor.PrincipalName,
        Roles = string.Join(',', actor.Roles),
        Action = record.Action,
        OperationName = actor.OperationName,
        DocumentHash = actor.DocumentHash,
        Purpose = record.Purpose,
        Metrics = Join(record.Metrics),
        Scope = Join(record.Scope),
        Target = record.Target,
        Decision = record.Decision,
        RuleCodes = Join(record.RuleCodes),
        PolicyVersion = record.PolicyVersion,
        PointsServed = record.PointsServed,
        PointsSuppressed = record.PointsSuppressed,
        EventsAccepted = record.EventsAccepted,
        EventsDuplicate = record.EventsDuplicate,
        EventsRejected = record.EventsRejected,
        PreviousHash = previousHash,
        Hash = hash,
    };

    private static string? Join(IReadOnlyCollection<string>? values) =>
        values is null || values.Count == 0 ? null : string.Join(',', values);
}
