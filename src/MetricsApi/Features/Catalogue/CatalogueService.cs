using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Catalogue;

/// <summary>
/// The metric lifecycle: DRAFT → IN_REVIEW → PUBLISHED → DEPRECATED, rejection back to DRAFT, the
/// two-person rule and privacy approval. Every transition is one transaction with its
/// <c>CATALOGUE_CHANGE</c> audit entry. Roles are checked by the GraphQL rule; the rules about who
/// (not the author) and what (approvals present) live here.
/// </summary>
public sealed class CatalogueService(MetricsDbContext db, AuditLog audit, TimeProvider clock)
{
    public Task<MetricVersion> ProposeAsync(MetricInput input, ClaimsPrincipal author, CancellationToken cancellationToken) =>
        InTransactionAsync("proposeMetric", input.Key, async () =>
        {
            var others = await LatestVersionsAsync(cancellationToken).ConfigureAwait(false);
            if (others.ContainsKey(input.Key))
            {
                throw Invalid([new FieldProblem("key", $"A metric '{input.Key}' already exists: use reviseMetric to change it.")]);
            }

            Check(input, others);
            var version = NewVersion(input, 1, author);
            db.Add(version);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await AuditAsync(version, "PROPOSED", input.Reason, cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken);

    public Task<MetricVersion> ReviseAsync(MetricInput input, ClaimsPrincipal author, CancellationToken cancellationToken) =>
        InTransactionAsync("reviseMetric", input.Key, async () =>
        {
            var latest = await LatestAsync(input.Key, cancellationToken).ConfigureAwait(false);
            var others = await LatestVersionsAsync(cancellationToken).ConfigureAwait(false);
            others.Remove(input.Key);
            Check(input, others);
            if (latest.Status == MetricStatuses.InReview)
            {
                throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"Version {latest.Number} of '{input.Key}' is in review: reject it back to draft before changing it.");
            }

            MetricVersion version;
            string change;
            if (latest.Status == MetricStatuses.Draft)
            {
                version = latest;
                Apply(version, input);
                version.RejectionReason = null;
                change = "DRAFT_EDITED";
            }
            else
            {
                // A published version never changes: the change becomes the next version, and the
                // published one stays current until this one is published.
                version = NewVersion(input, latest.Number + 1, author);
                db.Add(version);
                change = "NEW_VERSION";
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await AuditAsync(version, change, input.Reason, cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken);

    public Task<MetricVersion> SubmitAsync(string key, CancellationToken cancellationToken) =>
        TransitionAsync("submitMetricForReview", key, MetricStatuses.Draft, "SUBMITTED", null, v =>
        {
            v.Status = MetricStatuses.InReview;
            v.SubmittedAt = Now;
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<MetricVersion> ApproveAsync(string key, ClaimsPrincipal approver, string? comment, CancellationToken cancellationToken) =>
        TransitionAsync("approveMetric", key, MetricStatuses.InReview, "APPROVED", comment, v =>
        {
            var approverId = approver.GetRequiredObjectId();
            if (approverId == v.AuthorId)
            {
                throw new MetricsApiError(CatalogueErrors.SelfApproval, $"You wrote version {v.Number} of '{key}': publishing needs a steward other than the author (two-person rule).");
            }

            foreach (var role in new[] { Roles.MetricSteward, Roles.PrivacyOfficer }.Where(approver.IsInRole))
            {
                if (!v.Approvals.Any(a => a.ApproverId == approverId && a.Role == role))
                {
                    v.Approvals.Add(new MetricApproval { ApproverId = approverId, ApproverName = approver.GetDisplayName(), Role = role, ApprovedAt = Now, Comment = comment });
                }
            }

            return Task.CompletedTask;
        }, cancellationToken);

    public Task<MetricVersion> PublishAsync(string key, CancellationToken cancellationToken) =>
        TransitionAsync("publishMetric", key, MetricStatuses.InReview, "PUBLISHED", null, async v =>
        {
            if (!v.Approvals.Any(a => a.Role == Roles.MetricSteward && a.ApproverId != v.AuthorId))
            {
                throw new MetricsApiError(CatalogueErrors.ApprovalMissing, $"'{key}' needs the approval of a MetricSteward other than its author before it can be published.");
            }

            if (MetricKinds.IsPersonal(v.Kind) && !v.Approvals.Any(a => a.Role == Roles.PrivacyOfficer))
            {
                throw new MetricsApiError(CatalogueErrors.ApprovalMissing, $"'{key}' is a {v.Kind} metric: it also needs a PrivacyOfficer's approval before it can be published.");
            }

            var references = MetricDefinition.FromJson(v.Definition).References.Concat(Split(v.Guardrails)).Distinct().ToList();
            var published = await db.Set<MetricVersion>().Where(m => references.Contains(m.MetricKey) && m.Status == MetricStatuses.Published)
                .Select(m => m.MetricKey).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
            if (references.Except(published).ToList() is { Count: > 0 } missing)
            {
                throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"'{key}' uses {string.Join(", ", missing)}, which must be published first.");
            }

            v.Status = MetricStatuses.Published;
            v.PublishedAt = Now;
        }, cancellationToken);

    public Task<MetricVersion> RejectAsync(string key, string reason, CancellationToken cancellationToken) =>
        TransitionAsync("rejectMetric", key, MetricStatuses.InReview, "REJECTED", reason, v =>
        {
            RequireReason(reason, "reason");
            v.Status = MetricStatuses.Draft;
            v.RejectionReason = reason;
            db.RemoveRange(v.Approvals); // approvals were for the reviewed content, which will change
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<MetricVersion> DeprecateAsync(string key, string replacement, DateOnly sunset, string reason, CancellationToken cancellationToken) =>
        InTransactionAsync("deprecateMetric", key, async () =>
        {
            RequireReason(reason, "reason");
            var version = await CurrentPublishedAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"'{key}' has no published version to deprecate.");
            if (replacement == key || !await db.Set<MetricVersion>().AnyAsync(m => m.MetricKey == replacement, cancellationToken).ConfigureAwait(false))
            {
                throw Invalid([new FieldProblem("replacement", $"The replacement must be another metric in the catalogue; '{replacement}' is not.")]);
            }

            if (sunset < DateOnly.FromDateTime(Now))
            {
                throw Invalid([new FieldProblem("sunsetDate", "The sunset date must not lie in the past.")]);
            }

            version.Status = MetricStatuses.Deprecated;
            version.DeprecatedAt = Now;
            version.ReplacementKey = replacement;
            version.SunsetDate = sunset;
            version.DeprecationReason = reason;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await AuditAsync(version, "DEPRECATED", reason, cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken);

    /// <summary>Publishes a version directly, as the service itself (the standard catalogue at first start).</summary>
    internal async Task<MetricVersion> PublishAsSystemAsync(MetricInput input, CancellationToken cancellationToken)
    {
        Check(input, await LatestVersionsAsync(cancellationToken).ConfigureAwait(false));
        var version = NewVersion(input, 1, null);
        version.Status = MetricStatuses.Published;
        version.SubmittedAt = version.PublishedAt = version.CreatedAt;
        db.Add(version);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(version, "STANDARD_CATALOGUE_PUBLISHED", input.Reason, cancellationToken).ConfigureAwait(false);
        return version;
    }

    public static IReadOnlyList<string> Split(string? csv) => string.IsNullOrEmpty(csv) ? [] : csv.Split(',');

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MetricVersion> TransitionAsync(string step, string key, string from, string change, string? reason, Func<MetricVersion, Task> apply, CancellationToken cancellationToken) =>
        await InTransactionAsync(step, key, async () =>
        {
            var version = await LatestAsync(key, cancellationToken).ConfigureAwait(false);
            if (version.Status != from)
            {
                throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"Version {version.Number} of '{key}' is {version.Status}; this step needs it to be {from}.");
            }

            await apply(version).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await AuditAsync(version, change, reason, cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs one lifecycle step in a transaction. A step the rules refuse (two-person rule, missing
    /// approval, wrong state, invalid input, unknown metric) changes nothing and is itself audited as
    /// a DENIED entry, after the step's transaction was rolled back, so refusals are as visible to an
    /// auditor as changes are.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(string step, string key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work().ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (MetricsApiError refusal) when (refusal is not AuditUnavailableError)
        {
            db.ChangeTracker.Clear();
            await audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
            {
                Metrics = string.IsNullOrWhiteSpace(key) ? null : [key],
                Target = $"{key} {step} refused: {Truncate(refusal.Message, 400)}",
                RuleCodes = [refusal.Code ?? ErrorCodes.BadUserInput],
            }, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<MetricVersion> LatestAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<MetricVersion>().Include(v => v.Approvals).Where(v => v.MetricKey == key).OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new MetricsApiError(ErrorCodes.NotFound, $"No metric '{key}' in the catalogue.");

    private Task<MetricVersion?> CurrentPublishedAsync(string key, CancellationToken cancellationToken) =>
        db.Set<MetricVersion>().Where(v => v.MetricKey == key && v.Status == MetricStatuses.Published).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);

    private async Task<Dictionary<string, MetricVersion>> LatestVersionsAsync(CancellationToken cancellationToken)
    {
        var all = await db.Set<MetricVersion>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return all.GroupBy(v => v.MetricKey).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!, StringComparer.Ordinal);
    }

    private static void Check(MetricInput input, IReadOnlyDictionary<string, MetricVersion> others)
    {
        if (MetricValidator.Validate(input, others) is { Count: > 0 } problems)
        {
            throw Invalid(problems);
        }
    }

    private static MetricsApiError Invalid(IReadOnlyList<FieldProblem> problems) =>
        new(ErrorCodes.BadUserInput, problems[0].Message, new Dictionary<string, object?>
        {
            ["field"] = problems[0].Field,
            ["problems"] = problems.Select(p => new Dictionary<string, object?> { ["field"] = p.Field, ["message"] = p.Message }).ToList(),
        });

    private static void RequireReason(string? reason, string field)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw Invalid([new FieldProblem(field, $"{field} is required: say why, for the record.")]);
        }
    }

    private MetricVersion NewVersion(MetricInput input, int number, ClaimsPrincipal? author)
    {
        var version = new MetricVersion
        {
            MetricKey = input.Key,
            Number = number,
            Status = MetricStatuses.Draft,
            Name = "",
            Description = "",
            Kind = "",
            Unit = "",
            Owner = "",
            Steward = "",
            AllowedPurposes = "",
            Grains = "",
            Definition = "",
            AuthorId = author?.GetRequiredObjectId() ?? AuditActor.SystemPrincipalId,
            AuthorName = author?.GetDisplayName() ?? "MetricsApi (system)",
            CreatedAt = Now,
        };
        Apply(version, input);
        return version;
    }

    private static void Apply(MetricVersion version, MetricInput input)
    {
        version.Name = input.Name.Trim();
        version.Description = input.Description.Trim();
        version.Kind = input.Kind;
        version.Unit = input.Unit.Trim();
        version.Owner = input.Owner.Trim();
        version.Steward = input.Steward.Trim();
        version.AllowedPurposes = string.Join(',', input.AllowedPurposes.Distinct());
        version.MinGroupSize = input.MinGroupSize;
        version.Guardrails = string.Join(',', input.Guardrails.Distinct());
        version.Grains = string.Join(',', input.Grains.Distinct());
        version.Dimensions = string.Join(',', input.Dimensions.Distinct());
        version.Definition = input.Definition.ToJson();
        version.ChangeReason = input.Reason;
    }

    private Task<AuditEntry> AuditAsync(MetricVersion version, string change, string? reason, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(AuditActions.CatalogueChange, AuditDecisions.Allowed)
        {
            Metrics = [version.MetricKey],
            Target = $"{version.MetricKey} v{version.Number} {change}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {Truncate(reason, 400)}"),
            RuleCodes = [change],
        }, cancellationToken);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
