using MetricsApi.Data;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>
/// Signs the audit log's current head. Before signing it checks that the entries since the last
/// checkpoint it can verify link up to the head, so a checkpoint never blesses a chain that was
/// already broken or rewritten; the check reads only the new entries. One checkpoint per log size:
/// asking again without new entries (or two instances asking at once) returns the existing one.
/// </summary>
public sealed class AuditCheckpointer(
    MetricsDbContext db,
    CheckpointSigningKey key,
    IOptions<AuditCheckpointOptions> options,
    TimeProvider clock,
    ILogger<AuditCheckpointer> logger)
{
    public const string ChainBrokenCode = "AUDIT_CHAIN_BROKEN";

    public async Task<AuditCheckpoint> CreateAsync(CancellationToken cancellationToken)
    {
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken).ConfigureAwait(false);
        var checkpoints = db.Set<AuditCheckpoint>().AsNoTracking();
        if (await checkpoints.SingleOrDefaultAsync(c => c.Sequence == head.Sequence, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var previous = (await checkpoints.Where(c => c.Sequence < head.Sequence && c.KeyId == key.KeyId).OrderByDescending(c => c.Sequence)
            .Take(16).ToListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(Verifies);
        if (await FirstBreakAsync(previous, head, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            logger.LogError("No audit checkpoint was signed: {Problem}", problem);
            throw new MetricsApiError(ChainBrokenCode, $"No checkpoint was signed: {problem} Run verifyAuditLog to find where the chain breaks.");
        }

        var draft = new AuditCheckpoint
        {
            Sequence = head.Sequence,
            HeadHash = head.Hash,
            CreatedAt = AuditHashing.Normalise(clock.GetUtcNow().UtcDateTime),
            Origin = options.Value.CheckpointOrigin,
            KeyId = key.KeyId,
            Signature = "",
        };
        var checkpoint = new AuditCheckpoint
        {
            Sequence = draft.Sequence,
            HeadHash = draft.HeadHash,
            CreatedAt = draft.CreatedAt,
            Origin = draft.Origin,
            KeyId = draft.KeyId,
            Signature = Convert.ToBase64String(key.Sign(CheckpointNote.SignedBytes(draft))),
        };
        db.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return checkpoint;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Another request or instance signed the same head a moment earlier.
            db.Entry(checkpoint).State = EntityState.Detached;
            return await checkpoints.SingleAsync(c => c.Sequence == head.Sequence, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the checkpoint's signature is this key's signature of its content.</summary>
    public bool Verifies(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            return checkpoint.KeyId == key.KeyId && key.Verify(CheckpointNote.SignedBytes(checkpoint), Convert.FromBase64String(checkpoint.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Null when the entries after <paramref name="from"/> (or from the start) link up to the head, else what is wrong.</summary>
    private async Task<string?> FirstBreakAsync(AuditCheckpoint? from, AuditChainHead head, CancellationToken cancellationToken)
    {
        var expectedSequence = (from?.Sequence ?? 0) + 1;
        var previousHash = from?.HeadHash ?? AuditHashing.GenesisHash;
        var entries = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence >= expectedSequence && e.Sequence <= head.Sequence).OrderBy(e => e.Sequence);
        await foreach (var entry in entries.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence != expectedSequence)
            {
                return $"entry {expectedSequence} is missing.";
            }

            if (entry.PreviousHash != previousHash || AuditHashing.ComputeHash(entry) != entry.Hash)
            {
                return $"entry {entry.Sequence} does not extend the chain signed at {from?.Sequence ?? 0}.";
            }

            previousHash = entry.Hash;
            expectedSequence++;
        }

        return expectedSequence - 1 == head.Sequence && previousHash == head.Hash
            ? null
            : $"the log ends at {expectedSequence - 1} but its head records entry {head.Sequence}.";
    }
}
