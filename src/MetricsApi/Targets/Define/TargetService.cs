using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Access.Scope;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Evaluate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MetricsApi.Targets.Define;

/// <summary>
/// The target lifecycle: create and revise (Leaders within the orgs they lead, Analysts anywhere),
/// approve or reject (PrivacyOfficers, for ADOPTION targets; never the author), retire. What may carry
/// a target is decided by <see cref="TargetPolicy"/>; a refusal is a DENIED audit entry, every change
/// one transaction with its TARGET_CHANGE entry. Roles are checked by the GraphQL rule.
/// </summary>
public sealed partial class TargetService(
    MetricsDbContext db,
    CatalogueReader catalogue,
    ScopeResolver scopes,
    AuditLog audit,
    IOptions<TargetOptions> options,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => DateOnly.FromDateTime(Now);

    public async Task<TargetVersion> CreateAsync(TargetInput input, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(author);
        var valid = await CheckAsync(input, author, cancellationToken).ConfigureAwait(false);
        if (await db.Set<TargetVersion>().AnyAsync(t => t.TargetKey == input.Key, cancellationToken).ConfigureAwait(false))
        {
            throw Invalid([new FieldProblem("key", $"A target '{input.Key}' already exists: use reviseTarget to change it.")]);
        }

        return await WriteAsync(NewVersion(valid, 1, author), "CREATED", input.Reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets a target as the service itself (<c>system:metricsapi</c>): the demo organisation's targets at
    /// first start in Development. The same validation and <see cref="TargetPolicy"/>; no caller scope.
    /// </summary>
    internal async Task<TargetVersion> CreateAsSystemAsync(TargetInput input, CancellationToken cancellationToken)
    {
        var valid = await CheckAsync(input, null, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(NewVersion(valid, 1, null), "CREATED", input.Reason, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TargetVersion> ReviseAsync(TargetInput input, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(author);
        var latest = await LatestAsync(input.Key, cancellationToken).ConfigureAwait(false);
        await RequireInScopeAsync(latest, author, cancellationToken).ConfigureAwait(false);
        RequireReason(input.Reason);
        if (latest.Status is TargetStatuses.PendingApproval or TargetStatuses.Retired)
        {
            throw new MetricsApiError(CatalogueErrors.InvalidTransition, latest.Status == TargetStatuses.Retired
                ? $"Target '{input.Key}' is retired; set a new target instead."
                : $"Version {latest.Number} of '{input.Key}' awaits a PrivacyOfficer's decision; it can be revised once approved or rejected.");
        }

        var valid = await CheckAsync(input, author, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(NewVersion(valid, latest.Number + 1, author), "REVISED", input.Reason, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TargetVersion> ApproveAsync(string key, ClaimsPrincipal approver, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var latest = await PendingAsync(key, cancellationToken).ConfigureAwait(false);
        var approverId = approver.GetObjectId() ?? "unknown";
        if (approverId == latest.AuthorId)
        {
            throw new MetricsApiError(CatalogueErrors.SelfApproval, $"You wrote version {latest.Number} of '{key}': an ADOPTION target needs a PrivacyOfficer other than its author.");
        }

        // The unit may have shrunk since the target was written: the rule is decided again.
        var unit = await db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.Id == latest.UnitId, cancellationToken).ConfigureAwait(false);
        var metric = (await catalogue.AllAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(latest.MetricKey)?.Current;
        var decision = TargetPolicy.Decide(new TargetRequest(latest.MetricKey, metric?.Kind ?? latest.MetricKind, metric is not null && MetricSet.IsPublished(metric),
            unit.Kind, await TeamsAsync(unit, cancellationToken).ConfigureAwait(false), UnitInScope: null, options.Value.MinTeamsForAdoptionTargets));
        if (!decision.Allowed)
        {
            await DenyAsync(key, latest.MetricKey, unit.ExternalId, decision, cancellationToken).ConfigureAwait(false);
        }

        return await TransitionAsync(latest, "APPROVED", comment, v =>
        {
            v.Status = TargetStatuses.Active;
            v.ApproverId = approverId;
            v.ApproverName = approver.GetDisplayName();
            v.ApprovedAt = Now;
            v.ApprovalComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TargetVersion> RejectAsync(string key, ClaimsPrincipal officer, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(officer);
        RequireReason(reason);
        var latest = await PendingAsync(key, cancellationToken).ConfigureAwait(false);
        return await TransitionAsync(latest, "REJECTED", reason, v =>
        {
            v.Status = TargetStatuses.Rejected;
            v.ApproverId = officer.GetObjectId() ?? "unknown";
            v.ApproverName = officer.GetDisplayName();
            v.RejectionReason = reason.Trim();
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TargetVersion> RetireAsync(string key, ClaimsPrincipal author, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        var latest = await LatestAsync(key, cancellationToken).ConfigureAwait(false);
        await RequireInScopeAsync(latest, author, cancellationToken).ConfigureAwait(false);
        RequireReason(reason);
        if (latest.Status == TargetStatuses.Retired)
        {
            throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"Target '{key}' is already retired.");
        }

        var retired = Copy(latest, latest.Number + 1, author);
        retired.Status = TargetStatuses.Retired;
        return await WriteAsync(retired, "RETIRED", reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An input that passed validation and policy, with what it resolved to.</summary>
    private sealed record ValidTarget(TargetInput Input, MetricVersion Metric, OrgUnit Unit, PeriodRange Baseline, TargetDecision Decision);

    /// <summary>Validates the input (BAD_USER_INPUT with every problem), then asks <see cref="TargetPolicy"/>; a refusal is audited.</summary>
    private async Task<ValidTarget> CheckAsync(TargetInput input, ClaimsPrincipal? author, CancellationToken cancellationToken)
    {
        // What may carry a target is decided first: a refused metric or unit says so, whatever else is wrong.
        var metrics = await catalogue.AllAsync(cancellationToken).ConfigureAwait(false);
        if (!metrics.TryGetValue(input.Metric, out var metric))
        {
            throw new MetricsApiError(ErrorCodes.NotFound, $"No metric '{input.Metric}' in the catalogue.", new Dictionary<string, object?> { ["field"] = "metric" });
        }

        var version = metric.Current;
        var unit = await db.Set<OrgUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.ExternalId == input.Unit, cancellationToken).ConfigureAwait(false);
        var inScope = unit is not null && (author is null || await InTargetScopeAsync(author, unit, cancellationToken).ConfigureAwait(false));
        var decision = TargetPolicy.Decide(new TargetRequest(version.MetricKey, version.Kind, MetricSet.IsPublished(version),
            unit?.Kind ?? "", unit is null ? 0 : await TeamsAsync(unit, cancellationToken).ConfigureAwait(false), inScope, options.Value.MinTeamsForAdoptionTargets));
        if (!decision.Allowed)
        {
            await DenyAsync(input.Key, version.MetricKey, input.Unit, decision, cancellationToken).ConfigureAwait(false);
        }

        var problems = new List<FieldProblem>();
        if (!KeyPattern().IsMatch(input.Key))
        {
            problems.Add(new("key", "A target key is 3 to 80 characters of lowercase letters, digits, '-' and '_', starting with a letter or digit (e.g. acme-release-velocity-3x)."));
        }

        Text(input.Owner, "owner", 200, problems);
        Text(input.Description, "description", 4000, problems);
        if (input.Reason is { Length: > 2000 })
        {
            problems.Add(new("reason", "reason is at most 2000 characters."));
        }

        if ((input.GoalValue is null) == (input.GoalMultiple is null))
        {
            problems.Add(new("goal", "Give exactly one of goal.value (an absolute value) and goal.multipleOfBaseline (e.g. 3 for triple)."));
        }
        else if (input.GoalMultiple is { } multiple && (!double.IsFinite(multiple) || multiple <= 0 || multiple > 1000))
        {
            problems.Add(new("goal.multipleOfBaseline", "A multiple of the baseline is a number above 0 (0.5 halves it, 3 triples it) and at most 1000."));
        }
        else if (input.GoalValue is { } value && !double.IsFinite(value))
        {
            problems.Add(new("goal.value", "The goal must be a finite number."));
        }

        PeriodRange? baseline = null;
        try
        {
            baseline = PeriodRange.Create(input.BaselineGrain, input.BaselineFrom, input.BaselineTo, Today, CatalogueService.Split(version.Grains));
        }
        catch (MetricsApiError error)
        {
            var field = error.Extensions?.TryGetValue("field", out var f) == true ? f as string : null;
            problems.Add(new(field?.Replace("period", "baseline", StringComparison.Ordinal) ?? "baseline", error.Message.Replace("period.", "baseline.", StringComparison.Ordinal)));
        }

        if (baseline is not null)
        {
            if (baseline.To > Today)
            {
                problems.Add(new("baseline.to", $"The baseline's last period ends on {Day(baseline.To.AddDays(-1))}: a baseline is made of periods that have ended."));
            }
            else if (baseline.Periods.Count > options.Value.MaxBaselinePeriods)
            {
                problems.Add(new("baseline", $"A baseline spans at most {options.Value.MaxBaselinePeriods} periods (Targets:MaxBaselinePeriods)."));
            }

            if (input.Deadline < baseline.To)
            {
                problems.Add(new("deadline", $"The deadline ({Day(input.Deadline)}) must come after the baseline, which ends on {Day(baseline.To.AddDays(-1))}."));
            }
        }

        if (problems.Count > 0)
        {
            throw Invalid(problems);
        }

        return new ValidTarget(input, version, unit!, baseline!, decision);
    }

    /// <summary>Whether the author may set targets for the unit: Analysts anywhere, Leaders within the units they lead.</summary>
    private async Task<bool> InTargetScopeAsync(ClaimsPrincipal author, OrgUnit unit, CancellationToken cancellationToken)
    {
        if (author.IsInRole(Roles.Analyst))
        {
            return true;
        }

        return author.IsInRole(Roles.Leader)
            && (await scopes.LedAsync(author, on: null, cancellationToken).ConfigureAwait(false)).Any(u => u.Id == unit.Id);
    }

    private async Task RequireInScopeAsync(TargetVersion latest, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        var unit = await db.Set<OrgUnit>().AsNoTracking().SingleAsync(u => u.Id == latest.UnitId, cancellationToken).ConfigureAwait(false);
        if (!await InTargetScopeAsync(author, unit, cancellationToken).ConfigureAwait(false))
        {
            await DenyAsync(latest.TargetKey, latest.MetricKey, unit.ExternalId, TargetPolicy.NotInScope(), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<int> TeamsAsync(OrgUnit unit, CancellationToken cancellationToken) =>
        db.Set<OrgUnit>().CountAsync(u => u.Kind == OrgUnitKinds.Team && u.Path.StartsWith(unit.Path), cancellationToken);

    private async Task<TargetVersion> LatestAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<TargetVersion>().Where(t => t.TargetKey == key).OrderByDescending(t => t.Number).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new MetricsApiError(ErrorCodes.NotFound, $"No target '{key}'.", new Dictionary<string, object?> { ["field"] = "key" });

    private async Task<TargetVersion> PendingAsync(string key, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(key, cancellationToken).ConfigureAwait(false);
        return latest.Status == TargetStatuses.PendingApproval
            ? latest
            : throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"Version {latest.Number} of '{key}' is {latest.Status}; only a version PENDING_APPROVAL can be approved or rejected.");
    }

    private TargetVersion NewVersion(ValidTarget valid, int number, ClaimsPrincipal? author)
    {
        var input = valid.Input;
        return new TargetVersion
        {
            TargetKey = input.Key,
            Number = number,
            Status = valid.Decision.NeedsPrivacyApproval ? TargetStatuses.PendingApproval : TargetStatuses.Active,
            MetricKey = valid.Metric.MetricKey,
            MetricVersion = valid.Metric.Number,
            MetricKind = valid.Metric.Kind,
            UnitId = valid.Unit.Id,
            BaselineGrain = valid.Baseline.Grain,
            BaselineStart = valid.Baseline.From,
            BaselineEnd = valid.Baseline.To,
            GoalKind = input.GoalMultiple is null ? TargetGoalKinds.Value : TargetGoalKinds.MultipleOfBaseline,
            GoalValue = input.GoalMultiple ?? input.GoalValue!.Value,
            Deadline = input.Deadline,
            Owner = input.Owner.Trim(),
            Description = input.Description.Trim(),
            AuthorId = author is null ? AuditActor.SystemPrincipalId : author.GetObjectId() ?? "unknown",
            AuthorName = author?.GetDisplayName() ?? "MetricsApi (system)",
            CreatedAt = Now,
            ChangeReason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim(),
        };
    }

    private TargetVersion Copy(TargetVersion from, int number, ClaimsPrincipal author) => new()
    {
        TargetKey = from.TargetKey,
        Number = number,
        Status = from.Status,
        MetricKey = from.MetricKey,
        MetricVersion = from.MetricVersion,
        MetricKind = from.MetricKind,
        UnitId = from.UnitId,
        BaselineGrain = from.BaselineGrain,
        BaselineStart = from.BaselineStart,
        BaselineEnd = from.BaselineEnd,
        GoalKind = from.GoalKind,
        GoalValue = from.GoalValue,
        Deadline = from.Deadline,
        Owner = from.Owner,
        Description = from.Description,
        AuthorId = author.GetObjectId() ?? "unknown",
        AuthorName = author.GetDisplayName(),
        CreatedAt = Now,
    };

    private async Task<TargetVersion> WriteAsync(TargetVersion version, string change, string? reason, CancellationToken cancellationToken)
    {
        version.ChangeReason ??= string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        db.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Someone else wrote this version number first (two creates or revisions at once).
            throw new MetricsApiError(CatalogueErrors.InvalidTransition, $"Target '{version.TargetKey}' changed while you were changing it; read it again and retry.");
        }

        await AuditAsync(version, change, reason, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private async Task<TargetVersion> TransitionAsync(TargetVersion version, string change, string? reason, Action<TargetVersion> apply, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        apply(version);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(version, change, reason, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    private async Task AuditAsync(TargetVersion version, string change, string? reason, CancellationToken cancellationToken)
    {
        var unit = await db.Set<OrgUnit>().AsNoTracking().Where(u => u.Id == version.UnitId).Select(u => u.ExternalId).SingleAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditRecord(AuditActions.TargetChange, AuditDecisions.Allowed)
        {
            Metrics = [version.MetricKey],
            Scope = [unit],
            Target = $"target {version.TargetKey} v{version.Number} {change} ({version.Status})" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {Truncate(reason.Trim(), 400)}"),
            RuleCodes = [change],
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Audits a refusal as DENIED (before any transaction, so the entry stays) and throws it.</summary>
    private async Task DenyAsync(string key, string metric, string unit, TargetDecision decision, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
        {
            Metrics = [metric],
            Scope = [unit],
            Target = $"target {key}",
            RuleCodes = decision.RuleCodes,
        }, cancellationToken).ConfigureAwait(false);
        throw new MetricsApiError(decision.ErrorCode!, decision.Explanation, new Dictionary<string, object?>
        {
            ["field"] = decision.Field,
            ["rule"] = decision.RuleCodes[0],
        });
    }

    private static void Text(string? value, string field, int max, List<FieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(field, field == "description" ? "description is required: say why the target exists, for the teams it asks something of." : $"{field} is required."));
        }
        else if (value.Length > max)
        {
            problems.Add(new(field, $"{field} is at most {max} characters."));
        }
    }

    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw Invalid([new FieldProblem("reason", "reason is required: say why, for the record.")]);
        }
    }

    private static MetricsApiError Invalid(List<FieldProblem> problems) =>
        new(ErrorCodes.BadUserInput, problems[0].Message, new Dictionary<string, object?>
        {
            ["field"] = problems[0].Field,
            ["problems"] = problems.Select(p => new Dictionary<string, object?> { ["field"] = p.Field, ["message"] = p.Message }).ToList(),
        });

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{2,79}$")]
    private static partial Regex KeyPattern();
}
