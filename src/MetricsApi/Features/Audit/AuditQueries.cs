using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.GraphQL;

namespace MetricsApi.Features.Audit;

/// <summary>Adds <c>auditLog</c> and <c>verifyAuditLog</c> (Auditor role only) to the query root.</summary>
public static class AuditQueries
{
    public static void AddAuditQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<AuditEntryConnectionType>>("auditLog")
            .Description("The audit log, newest first. `Auditor` role only; other callers get `FORBIDDEN`, and that refusal is itself audited. Each read is recorded as `READ_AUDIT_LOG`.")
            .Argument<IntGraphType>("first", "Page size, 1 to 500 (default 50).")
            .Argument<StringGraphType>("after", "Cursor of the entry to continue after (`pageInfo.endCursor`).")
            .Argument<AuditLogFilterInputType>("where", "Filter; all given conditions must hold.")
            .AuthorizeWithRoles(Roles.Auditor)
            .ResolveAsync(async ctx =>
            {
                var services = ctx.RequestServices!;
                var filter = ctx.GetArgument<AuditLogFilter?>("where") ?? new AuditLogFilter();
                var page = await services.GetRequiredService<AuditLogReader>()
                    .ReadAsync(filter, ctx.GetArgument<int?>("first"), ctx.GetArgument<string?>("after"), ctx.CancellationToken).ConfigureAwait(false);
                await services.GetRequiredService<AuditLog>().AppendAsync(
                    new AuditRecord(AuditActions.ReadAuditLog, AuditDecisions.Allowed)
                    {
                        Target = "Query.auditLog",
                        Purpose = filter.Purpose,
                        Metrics = filter.Metric is null ? null : [filter.Metric],
                    },
                    ctx.CancellationToken).ConfigureAwait(false);
                var connection = Cursors.Page(page.Entries, page.Entries.Count, page.TotalCount, page.HasPreviousPage, e => AuditLogReader.EncodeCursor(e.Sequence));
                connection.PageInfo!.HasNextPage = page.HasNextPage;
                return connection;
            });

        query.Field<NonNullGraphType<AuditVerificationType>>("verifyAuditLog")
            .Description("Recomputes the audit log's hash chain over entries between `from` and `to` (the whole log by default) and reports the first broken sequence number. `from` after `to` is `BAD_USER_INPUT`. `Auditor` role only; recorded as `VERIFY_AUDIT_LOG`.")
            .Argument<DateTimeGraphType>("from", "Check entries at or after this time (default: the first entry).")
            .Argument<DateTimeGraphType>("to", "Check entries at or before this time (default: up to the newest, including the chain head).")
            .AuthorizeWithRoles(Roles.Auditor)
            .ResolveAsync(async ctx =>
            {
                var services = ctx.RequestServices!;
                var from = ctx.GetArgument<DateTime?>("from");
                var to = ctx.GetArgument<DateTime?>("to");
                if (from is { } start && to is { } end && AuditHashing.Normalise(start) > AuditHashing.Normalise(end))
                {
                    throw new MetricsApiError(ErrorCodes.BadUserInput, "'from' lies after 'to': there is no entry to verify in that range.",
                        new Dictionary<string, object?> { ["field"] = "from" });
                }

                var result = await services.GetRequiredService<AuditVerifier>()
                    .VerifyAsync(from, to, ctx.CancellationToken).ConfigureAwait(false);
                await services.GetRequiredService<AuditLog>().AppendAsync(
                    new AuditRecord(AuditActions.VerifyAuditLog, AuditDecisions.Allowed)
                    {
                        Target = "Query.verifyAuditLog",
                        RuleCodes = [result.Ok ? "CHAIN_OK" : "CHAIN_BROKEN_" + result.Problem!.Value.ToString().ToUpperInvariant()],
                    },
                    ctx.CancellationToken).ConfigureAwait(false);
                return result;
            });
    }
}
