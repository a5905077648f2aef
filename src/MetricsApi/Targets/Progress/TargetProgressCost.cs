using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;

namespace MetricsApi.Targets.Progress;

/// <summary>
/// What a <c>targetProgress</c> field costs in points: its unit read and, for a roll-up, its teams read,
/// each counted like the <c>metricValues</c> read it is (periods × groups × (1 + guardrails)).
/// </summary>
public sealed class TargetProgressCost(TargetReader targets, TargetProgressReader progress, ReadCost cost) : IGovernedFieldCost
{
    public string Parent => "Query";

    public string Field => "targetProgress";

    public Task<long> PointsAsync(ClaimsPrincipal user, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.GetValueOrDefault("target") is string key && arguments.GetValueOrDefault("purpose") is string purpose
            ? PointsAsync(user, key, purpose, cancellationToken)
            : Task.FromResult(0L);
    }

    /// <summary>The points of one target's progress; 0 when it will be refused (the read says why).</summary>
    public async Task<long> PointsAsync(ClaimsPrincipal user, string key, string purpose, CancellationToken cancellationToken)
    {
        TargetHistory history;
        try
        {
            history = await targets.GetAsync(user, key, cancellationToken).ConfigureAwait(false);
        }
        catch (MetricsApiError)
        {
            return 0;
        }

        if (history.InForce is not { Row.Status: TargetStatuses.Active } target)
        {
            return 0;
        }

        var read = progress.Request(target, purpose, TargetProgressReader.Level(target.Unit.Kind));
        var points = await cost.MetricValuesAsync(user, read.Metric, purpose, read.Grain, read.From, read.To, read.Scope, read.GroupBy, null, cancellationToken).ConfigureAwait(false);
        if (target.Unit.Kind != OrgUnitKinds.Team && target.Row.MetricKind == MetricKinds.Outcome)
        {
            points += await cost.MetricValuesAsync(user, read.Metric, purpose, read.Grain, read.From, read.To, read.Scope, GroupLevels.Team, null, cancellationToken).ConfigureAwait(false);
        }

        return points;
    }
}
