using System.Globalization;
using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// <c>reviseRelease</c>: a MetricSteward asks for a released period to be revised with the data that
/// arrived late. The request and its <c>RELEASE_REVISION</c> audit entry are one transaction; the
/// builder carries it out (<see cref="ReleaseRevisions"/>) on its next pass, woken at once.
/// </summary>
public sealed class RevisionRequests(MetricsDbContext db, AuditLog audit, ReleaseSignal signal, TimeProvider clock)
{
    public async Task<RevisionRequest> RequestAsync(ClaimsPrincipal caller, string grain, DateOnly periodStart, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (PeriodRange.StartOf(grain, periodStart) != periodStart)
        {
            throw Bad("periodStart", $"{Day(periodStart)} does not start a {grain.ToLowerInvariant()}: the {grain.ToLowerInvariant()} containing it starts on {Day(PeriodRange.StartOf(grain, periodStart))}.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw Bad("reason", "reason is required: say why the released period is revised, for the record.");
        }

        if (!await db.Set<PeriodVintage>().AnyAsync(v => v.Grain == grain && v.PeriodStart == periodStart, cancellationToken).ConfigureAwait(false))
        {
            throw Bad("periodStart", $"The {grain.ToLowerInvariant()} starting {Day(periodStart)} has not been released, so there is nothing to revise: it is built with all its data when it is released.");
        }

        if (await db.Set<RevisionRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Grain == grain && r.PeriodStart == periodStart && r.DoneAt == null, cancellationToken).ConfigureAwait(false) is { } waiting)
        {
            return waiting;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var request = new RevisionRequest
        {
            Grain = grain,
            PeriodStart = periodStart,
            RequestedBy = caller.GetObjectId() ?? throw new MetricsApiError(ErrorCodes.Unauthenticated, "Your token has no object id."),
            RequestedByName = caller.GetDisplayName(),
            RequestedAt = clock.GetUtcNow().UtcDateTime,
            Reason = reason.Trim().Length <= 2000 ? reason.Trim() : reason.Trim()[..2000],
        };
        db.Add(request);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditRecord(AuditActions.ReleaseRevision, AuditDecisions.Allowed)
        {
            Target = $"{grain} {Day(periodStart)}: {(request.Reason.Length <= 400 ? request.Reason : request.Reason[..400])}",
            RuleCodes = ["REVISION_REQUESTED"],
        }, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        signal.Wake();
        return request;
    }

    private static MetricsApiError Bad(string field, string message) => new(ErrorCodes.BadUserInput, message, new Dictionary<string, object?> { ["field"] = field });

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
