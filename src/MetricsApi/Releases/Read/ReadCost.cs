using System.Security.Claims;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Publish;

namespace MetricsApi.Releases.Read;

/// <summary>
/// Counts the points a read will return before it runs, from the same read plan the read uses (so the
/// count is what the caller may actually read): periods × groups × (dimension values + guardrails).
/// The GraphQL cost rule and the CSV export count with it, so both spend the same budget.
/// </summary>
public sealed class ReadCost(ReadPlanner planner, DimensionValues dimensions)
{
    /// <summary>Points of one <c>metricValues</c> read; 0 when policy would refuse it or the period is invalid (the read says why).</summary>
    public async Task<long> MetricValuesAsync(ClaimsPrincipal user, string metric, string purpose, string grain, DateOnly from, DateOnly to,
        string? scope, string? groupBy, string? dimension, CancellationToken cancellationToken)
    {
        if (PeriodCount(grain, from, to) is not { } periods)
        {
            return 0;
        }

        var plan = await planner.PlanAsync(user, metric, purpose, scope, groupBy ?? GroupLevels.Team, cancellationToken).ConfigureAwait(false);
        if (!plan.Decision.Allowed)
        {
            return 0;
        }

        var metrics = await planner.CatalogueAsync(cancellationToken).ConfigureAwait(false);
        var guardrails = GuardrailsAt(plan, metrics, grain);
        var values = dimension is null ? 1 : DimensionCount(dimension);
        return (long)periods * plan.Groups.Count * (values + guardrails);
    }

    /// <summary>How many of the plan's guardrails are read at the grain (they come with every point).</summary>
    public static int GuardrailsAt(ReadPlan plan, IReadOnlyDictionary<string, Metric> metrics, string grain)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(metrics);
        return plan.Guardrails.Count(g => metrics.GetValueOrDefault(g)?.Current is { } v && CatalogueService.Split(v.Grains).Contains(grain));
    }

    /// <summary>The values a split by the dimension lists (at least 1).</summary>
    public int DimensionCount(string dimension) => Math.Max(1, dimensions.Listed(dimension, []).Count);

    /// <summary>The periods asked for (at most <see cref="PeriodRange.MaxPeriods"/>); null when the period is not valid (the read itself will say why).</summary>
    public static int? PeriodCount(string grain, DateOnly from, DateOnly to)
    {
        if (from > to || grain is not (Grains.Week or Grains.Month))
        {
            return null;
        }

        var count = 0;
        for (var start = PeriodRange.StartOf(grain, from); start <= to && count <= PeriodRange.MaxPeriods; start = PeriodRange.Next(grain, start))
        {
            count++;
        }

        return Math.Min(count, PeriodRange.MaxPeriods);
    }
}

/// <summary>
/// The cost of a governed field other modules add to the schema (e.g. target progress), counted by
/// <see cref="QueryCostRule"/> like <c>metricValues</c>.
/// </summary>
public interface IGovernedFieldCost
{
    /// <summary>The parent type's name (e.g. <c>Query</c>).</summary>
    string Parent { get; }

    /// <summary>The field's name.</summary>
    string Field { get; }

    /// <summary>The points the field will return with these arguments (0 when it will be refused).</summary>
    Task<long> PointsAsync(ClaimsPrincipal user, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken);
}
