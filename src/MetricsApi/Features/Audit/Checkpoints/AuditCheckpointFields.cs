using System.Globalization;
using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Data;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>Adds <c>auditCheckpoints</c>, <c>auditCheckpointKey</c> and <c>createAuditCheckpoint</c> (Auditor role only).</summary>
public static class AuditCheckpointFields
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 500;
    private const string CursorPrefix = "checkpoint";

    public static void AddAuditCheckpointQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<AuditCheckpointConnectionType>>("auditCheckpoints")
            .Description("Signed checkpoints of the audit log, newest first, made every `Audit:CheckpointInterval` when the log has grown and on demand (`createAuditCheckpoint`). Export their `note`s and keep them outside this database. `Auditor` role only; each read is recorded as `READ_AUDIT_LOG`.")
            .Argument<IntGraphType>("first", "Page size, 1 to 500 (default 20).")
            .Argument<StringGraphType>("after", "Cursor of the checkpoint to continue after (`pageInfo.endCursor`).")
            .AuthorizeWithRoles(Roles.Auditor)
            .ResolveAsync(async ctx =>
            {
                var size = ctx.GetArgument<int?>("first") ?? DefaultPageSize;
                if (size is < 1 or > MaxPageSize)
                {
                    throw new MetricsApiError(ErrorCodes.BadUserInput, $"'first' must be between 1 and {MaxPageSize}.", new Dictionary<string, object?> { ["field"] = "first" });
                }

                var services = ctx.RequestServices!;
                var checkpoints = services.GetRequiredService<MetricsDbContext>().Set<AuditCheckpoint>().AsNoTracking();
                var total = await checkpoints.CountAsync(ctx.CancellationToken).ConfigureAwait(false);
                var after = ctx.GetArgument<string?>("after") is { } cursor ? Decode(cursor) : (long?)null;
                var rows = await (after is { } before ? checkpoints.Where(c => c.Sequence < before) : checkpoints)
                    .OrderByDescending(c => c.Sequence).Take(size + 1).ToListAsync(ctx.CancellationToken).ConfigureAwait(false);
                await services.GetRequiredService<AuditLog>().AppendAsync(
                    new AuditRecord(AuditActions.ReadAuditLog, AuditDecisions.Allowed) { Target = "Query.auditCheckpoints" },
                    ctx.CancellationToken).ConfigureAwait(false);
                return Cursors.Page(rows, size, total, after is not null, c => Cursors.Encode(CursorPrefix, c.Sequence.ToString(CultureInfo.InvariantCulture)));
            });

        query.Field<NonNullGraphType<AuditCheckpointKeyType>>("auditCheckpointKey")
            .Description("The public key that verifies audit checkpoints (it is public; the private key never leaves the service's configuration). `Auditor` role only.")
            .AuthorizeWithRoles(Roles.Auditor)
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<CheckpointSigningKey>());
    }

    public static void AddAuditCheckpointMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<AuditCheckpointType>>("createAuditCheckpoint")
            .Description("Signs the audit log's current head now and returns the checkpoint (the existing one when nothing was appended since). Refused with `AUDIT_CHAIN_BROKEN` when the entries since the last checkpoint do not extend it. `Auditor` role only; recorded as `CHECKPOINT_AUDIT_LOG` (an entry after the checkpoint, so the next checkpoint covers it).")
            .AuthorizeWithRoles(Roles.Auditor)
            .ResolveAsync(async ctx =>
            {
                var services = ctx.RequestServices!;
                var checkpoint = await services.GetRequiredService<AuditCheckpointer>().CreateAsync(ctx.CancellationToken).ConfigureAwait(false);
                await services.GetRequiredService<AuditLog>().AppendAsync(
                    new AuditRecord(AuditActions.CheckpointAuditLog, AuditDecisions.Allowed)
                    {
                        Target = $"checkpoint at {checkpoint.Sequence.ToString(CultureInfo.InvariantCulture)}",
                        RuleCodes = ["CHECKPOINT_SIGNED"],
                    },
                    ctx.CancellationToken).ConfigureAwait(false);
                return checkpoint;
            });
    }

    private static long Decode(string cursor) =>
        long.TryParse(Cursors.Decode(CursorPrefix, cursor, "auditCheckpoints"), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new MetricsApiError(ErrorCodes.BadUserInput, "'after' is not a cursor returned by auditCheckpoints.", new Dictionary<string, object?> { ["field"] = "after" });
}
