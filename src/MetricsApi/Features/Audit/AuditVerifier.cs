using MetricsApi.Data;
using MetricsApi.Features.Audit.Checkpoints;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Audit;

/// <summary>
/// Recomputes the hash chain, streaming entries in sequence order (constant memory), and reports
/// the first broken sequence number and what is wrong there. Whoever controls the database can
/// recompute every hash, so the chain is also compared with the signed checkpoints it holds: their
/// signatures need the key kept outside the database.
/// </summary>
public sealed class AuditVerifier(MetricsDbContext db, CheckpointSigningKey? key = null)
{
    public async Task<AuditVerification> VerifyAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken)
    {
        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (from is { } start)
        {
            var utc = AuditHashing.Normalise(start);
            entries = entries.Where(e => e.OccurredAt >= utc);
        }

        if (to is { } end)
        {
            var utc = AuditHashing.Normalise(end);
            entries = entries.Where(e => e.OccurredAt <= utc);
        }

        // Only checkpoints this key can verify count; checkpoints of a rotated key are checked offline.
        var checkpoints = key is null
            ? []
            : await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => c.Sequence > 0).ToDictionaryAsync(c => c.Sequence, cancellationToken).ConfigureAwait(false);
        var checkpointsChecked = 0;
        long? expectedSequence = null;
        string? expectedPrevious = null;
        long? first = null;
        long? last = null;
        string? lastHash = null;
        var checkedCount = 0;
        await foreach (var entry in entries.OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (expectedSequence is null)
            {
                // The first entry of the range links to the entry before it (or to the genesis hash).
                expectedSequence = from is null ? 1 : entry.Sequence;
                expectedPrevious = entry.Sequence == 1 || from is null
                    ? AuditHashing.GenesisHash
                    : await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence == entry.Sequence - 1)
                        .Select(e => e.Hash).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (expectedPrevious is null)
                {
                    return Broken(checkedCount, entry.Sequence, entry.Sequence - 1, AuditChainProblem.SequenceGap,
                        $"Entry {entry.Sequence - 1}, which entry {entry.Sequence} follows, is missing.");
                }
            }

            first ??= entry.Sequence;
            if (entry.Sequence != expectedSequence)
            {
                return Broken(checkedCount, first, expectedSequence.Value, AuditChainProblem.SequenceGap,
                    $"Entry {expectedSequence} is missing: the next entry is {entry.Sequence}.");
            }

            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return Broken(checkedCount, first, entry.Sequence, AuditChainProblem.PreviousHashMismatch,
                    $"Entry {entry.Sequence} does not link to the entry before it: entries were removed, inserted or reordered.");
            }

            if (!string.Equals(AuditHashing.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return Broken(checkedCount, first, entry.Sequence, AuditChainProblem.HashMismatch,
                    $"Entry {entry.Sequence} was changed after it was written: its content no longer matches its hash.");
            }

            if (checkpoints.TryGetValue(entry.Sequence, out var checkpoint) && checkpoint.KeyId == key!.KeyId)
            {
                if (!Verifies(checkpoint))
                {
                    return Broken(checkedCount, first, entry.Sequence, AuditChainProblem.CheckpointMismatch,
                        $"The checkpoint at entry {entry.Sequence} does not carry a valid signature: it was altered or forged.");
                }

                if (!string.Equals(checkpoint.HeadHash, entry.Hash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, first, entry.Sequence, AuditChainProblem.CheckpointMismatch,
                        $"Entry {entry.Sequence} is not the entry signed by the checkpoint of {checkpoint.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}: the chain was rewritten (its hashes recomputed) after that checkpoint.");
                }

                checkpointsChecked++;
            }

            checkedCount++;
            last = entry.Sequence;
            lastHash = entry.Hash;
            expectedPrevious = entry.Hash;
            expectedSequence = entry.Sequence + 1;
        }

        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken).ConfigureAwait(false);
        if (to is null && (head.Sequence != (last ?? (from is null ? 0 : head.Sequence)) || (last is not null && head.Hash != lastHash)))
        {
            return Broken(checkedCount, first, (last ?? 0) + 1, AuditChainProblem.HeadMismatch,
                $"The chain head records entry {head.Sequence} as the newest, but the log ends at {last ?? 0}: entries were cut off the end.");
        }

        if (to is null && checkpoints.Keys.Where(s => s > (last ?? 0) && checkpoints[s].KeyId == key!.KeyId).Order().FirstOrDefault() is > 0 and var beyond
            && Verifies(checkpoints[beyond]))
        {
            return Broken(checkedCount, first, (last ?? 0) + 1, AuditChainProblem.CheckpointMismatch,
                $"A signed checkpoint covers {beyond} entries but the log ends at {last ?? 0}: entries were removed from the end.");
        }

        return new AuditVerification(true, checkedCount, first, last, null, null,
            checkedCount == 0 ? "No entries in the range." : $"All {checkedCount} entries from {first} to {last} verify" + (checkpointsChecked == 0 ? "." : $", matching {checkpointsChecked} signed checkpoint(s)."),
            head.Hash, checkpointsChecked);

        AuditVerification Broken(int count, long? firstSequence, long broken, AuditChainProblem problem, string message) =>
            new(false, count, firstSequence, last, broken, problem, message, null, checkpointsChecked);
    }

    private bool Verifies(AuditCheckpoint checkpoint)
    {
        try
        {
            return key!.Verify(CheckpointNote.SignedBytes(checkpoint), Convert.FromBase64String(checkpoint.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
