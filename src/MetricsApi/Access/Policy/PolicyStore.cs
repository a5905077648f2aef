using System.Security.Claims;
using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Access.Policy;

/// <summary>A requested policy change; absent parts stay as they are.</summary>
public sealed record PolicyChange(
    int? MinGroupSize,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? RolePurposes,
    IReadOnlyDictionary<string, int>? MetricMinGroupSizes,
    string Reason)
{
    /// <summary>New p of the p % dominance rule (raise only).</summary>
    public int? DominancePercent { get; init; }

    /// <summary>New protection interval in percent (raise only).</summary>
    public int? ProtectionPercent { get; init; }
}

/// <summary>A policy version with who made it and why.</summary>
public sealed record PolicySnapshot(PolicyRules Rules, DateTime? CreatedAt, string AuthorId, string AuthorName, string Reason);

/// <summary>Loads and changes the versioned policy; every change is a POLICY_CHANGE audit entry in the same transaction.</summary>
public sealed class PolicyStore(MetricsDbContext db, AuditLog audit, TimeProvider clock)
{
    private static readonly PolicySnapshot Shipped = new(PolicyRules.Default, null, AuditActor.SystemPrincipalId, "MetricsApi (system)", "The policy MetricsApi ships with.");

    public async Task<PolicySnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var row = await db.Set<PolicyVersion>().AsNoTracking().OrderByDescending(p => p.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? Shipped : ToSnapshot(row);
    }

    /// <summary>Every policy version ever in force, oldest first (version 1, the shipped one, included).</summary>
    public async Task<IReadOnlyList<PolicyRules>> HistoryAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<PolicyVersion>().AsNoTracking().OrderBy(p => p.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [Shipped.Rules, .. rows.Select(r => ToSnapshot(r).Rules)];
    }

    /// <summary>
    /// The oldest policy version from which every version up to the current one has the current
    /// disclosure parameters: releases built under any of them are current.
    /// </summary>
    public async Task<int> DisclosureSinceAsync(CancellationToken cancellationToken)
    {
        var history = await HistoryAsync(cancellationToken).ConfigureAwait(false);
        var current = history[^1];
        var since = current.Version;
        for (var i = history.Count - 2; i >= 0 && history[i].DisclosureKey == current.DisclosureKey; i--)
        {
            since = history[i].Version;
        }

        return since;
    }

    public async Task<PolicySnapshot?> VersionAsync(int version, CancellationToken cancellationToken)
    {
        if (version == 1)
        {
            return Shipped;
        }

        var row = await db.Set<PolicyVersion>().AsNoTracking().SingleOrDefaultAsync(p => p.Version == version, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToSnapshot(row);
    }

    /// <summary>
    /// Creates the next policy version. A change the rules refuse changes nothing and is itself a
    /// DENIED entry (written after the change's transaction was rolled back).
    /// </summary>
    public async Task<PolicySnapshot> UpdateAsync(PolicyChange change, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(author);
        try
        {
            return await ApplyAsync(change, author, cancellationToken).ConfigureAwait(false);
        }
        catch (MetricsApiError refusal) when (refusal is not AuditUnavailableError)
        {
            db.ChangeTracker.Clear();
            await RecordRefusalAsync(refusal, change.MetricMinGroupSizes?.Keys.ToList(), cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records a refused policy change as a DENIED entry (rule code = the error's code).</summary>
    public Task RecordRefusalAsync(MetricsApiError refusal, IReadOnlyCollection<string>? metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return audit.AppendAsync(new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
        {
            Metrics = metrics,
            Target = $"updatePolicy refused: {Truncate(refusal.Message, 400)}",
            RuleCodes = [refusal.Code ?? ErrorCodes.BadUserInput],
        }, cancellationToken);
    }

    private async Task<PolicySnapshot> ApplyAsync(PolicyChange change, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = (await CurrentAsync(cancellationToken).ConfigureAwait(false)).Rules;
        var problems = new List<FieldProblem>();
        var min = change.MinGroupSize ?? current.MinGroupSize;
        if (min < current.MinGroupSize)
        {
            problems.Add(new("minGroupSize", $"The minimum group size can only be raised: it is {current.MinGroupSize}; lowering it would expose smaller groups."));
        }

        var dominance = change.DominancePercent ?? current.DominancePercent;
        if (dominance < current.DominancePercent || dominance > 100)
        {
            problems.Add(new("dominancePercent", $"The dominance rule's p can only be raised, up to 100: it is {current.DominancePercent} %; lowering it would show sums one person dominates."));
        }

        var protection = change.ProtectionPercent ?? current.ProtectionPercent;
        if (protection < current.ProtectionPercent || protection > 100)
        {
            problems.Add(new("protectionPercent", $"The protection interval can only be widened, up to 100 %: it is {current.ProtectionPercent} %; narrowing it would let hidden values be estimated closer."));
        }

        var roles = new Dictionary<string, IReadOnlyList<string>>(current.RolePurposes, StringComparer.Ordinal);
        foreach (var (role, purposes) in change.RolePurposes ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (Roles.Normalise(role) is null || purposes.Any(p => !Purposes.All.Contains(p)))
            {
                problems.Add(new("rolePurposes", $"'{role}' must be a known role and its purposes known purposes."));
                continue;
            }

            roles[role] = [.. purposes.Distinct()];
        }

        var overrides = new Dictionary<string, int>(current.MetricMinGroupSizes, StringComparer.Ordinal);
        var known = await db.Set<MetricVersion>().Select(v => v.MetricKey).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (metric, size) in change.MetricMinGroupSizes ?? new Dictionary<string, int>())
        {
            if (!known.Contains(metric))
            {
                problems.Add(new("metricMinGroupSizes", $"'{metric}' is not a metric in the catalogue."));
            }
            else if (size < Math.Max(PolicyRules.Floor, overrides.GetValueOrDefault(metric)))
            {
                problems.Add(new("metricMinGroupSizes", $"The minimum group size of '{metric}' can only be raised (now {Math.Max(PolicyRules.Floor, overrides.GetValueOrDefault(metric))})."));
            }
            else
            {
                overrides[metric] = size;
            }
        }

        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            problems.Add(new("reason", "reason is required: say why the policy changes, for the record."));
        }

        if (problems.Count > 0)
        {
            throw new MetricsApiError(ErrorCodes.BadUserInput, problems[0].Message, new Dictionary<string, object?>
            {
                ["field"] = problems[0].Field,
                ["problems"] = problems.Select(p => new Dictionary<string, object?> { ["field"] = p.Field, ["message"] = p.Message }).ToList(),
            });
        }

        var row = new PolicyVersion
        {
            Version = current.Version + 1,
            MinGroupSize = min,
            DominancePercent = dominance,
            ProtectionPercent = protection,
            RolePurposes = JsonSerializer.Serialize(roles),
            MetricMinGroupSizes = JsonSerializer.Serialize(overrides),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            AuthorId = author.GetRequiredObjectId(),
            AuthorName = author.GetDisplayName(),
            Reason = change.Reason.Trim(),
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditRecord(AuditActions.PolicyChange, AuditDecisions.Allowed)
        {
            PolicyVersion = row.Version,
            Metrics = change.MetricMinGroupSizes?.Keys.ToList(),
            Target = $"policy v{row.Version}: {Truncate(row.Reason, 400)}",
            RuleCodes = ["POLICY_UPDATED"],
        }, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ToSnapshot(row);
    }

    private static PolicySnapshot ToSnapshot(PolicyVersion row) => new(
        new PolicyRules(
            row.Version,
            row.MinGroupSize,
            JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.RolePurposes)!.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
            JsonSerializer.Deserialize<Dictionary<string, int>>(row.MetricMinGroupSizes)!)
        {
            DominancePercent = row.DominancePercent,
            ProtectionPercent = row.ProtectionPercent,
        },
        row.CreatedAt, row.AuthorId, row.AuthorName, row.Reason);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
