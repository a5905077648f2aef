using System.Globalization;
using MetricsApi.Data;
using MetricsApi.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Catalogue;

/// <summary>A metric with all its versions; <see cref="Current"/> is what reads use.</summary>
public sealed record Metric(string Key, IReadOnlyList<MetricVersion> Versions)
{
    /// <summary>The newest published (or deprecated) version; a metric never published shows its newest draft.</summary>
    public MetricVersion Current =>
        Versions.Where(v => v.Status is MetricStatuses.Published or MetricStatuses.Deprecated).MaxBy(v => v.Number) ?? Latest;

    public MetricVersion Latest => Versions.MaxBy(v => v.Number)!;
}

/// <summary>Filter of <c>metrics(where:)</c>.</summary>
public sealed record MetricFilterInput
{
    public string? Kind { get; init; }

    public string? Status { get; init; }

    public string? Owner { get; init; }

    public string? Text { get; init; }
}

/// <summary>Reads the catalogue. It is small (tens to hundreds of metrics), so it is read whole once per request.</summary>
public sealed class CatalogueReader(MetricsDbContext db)
{
    private IReadOnlyDictionary<string, Metric>? _metrics;

    public async Task<IReadOnlyDictionary<string, Metric>> AllAsync(CancellationToken cancellationToken)
    {
        if (_metrics is null)
        {
            var versions = await db.Set<MetricVersion>().AsNoTracking().Include(v => v.Approvals).ToListAsync(cancellationToken).ConfigureAwait(false);
            _metrics = versions.GroupBy(v => v.MetricKey)
                .ToDictionary(g => g.Key, g => new Metric(g.Key, g.OrderBy(v => v.Number).ToList()), StringComparer.Ordinal);
        }

        return _metrics;
    }

    public async Task<Metric> GetAsync(string key, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(key)
        ?? throw new MetricsApiError(ErrorCodes.NotFound, $"No metric '{key}' in the catalogue.", new Dictionary<string, object?> { ["field"] = "key" });

    public async Task<IReadOnlyList<Metric>> FindAsync(MetricFilterInput filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var all = await AllAsync(cancellationToken).ConfigureAwait(false);
        return all.Values.Where(m =>
                (filter.Kind is null || m.Current.Kind == filter.Kind)
                && (filter.Status is null || m.Current.Status == filter.Status)
                && (filter.Owner is null || string.Equals(m.Current.Owner, filter.Owner, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrWhiteSpace(filter.Text)
                    || m.Key.Contains(filter.Text, StringComparison.OrdinalIgnoreCase)
                    || m.Current.Name.Contains(filter.Text, StringComparison.OrdinalIgnoreCase)
                    || m.Current.Description.Contains(filter.Text, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Field-by-field differences between two versions (the definition compared per property).</summary>
    public static IReadOnlyList<(string Field, string? From, string? To)> Diff(MetricVersion from, MetricVersion to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<(string, string?, string?)>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add((field, a, b));
            }
        }

        Compare("name", from.Name, to.Name);
        Compare("description", from.Description, to.Description);
        Compare("kind", from.Kind, to.Kind);
        Compare("unit", from.Unit, to.Unit);
        Compare("owner", from.Owner, to.Owner);
        Compare("steward", from.Steward, to.Steward);
        Compare("allowedPurposes", from.AllowedPurposes, to.AllowedPurposes);
        Compare("minGroupSize", from.MinGroupSize.ToString(CultureInfo.InvariantCulture), to.MinGroupSize.ToString(CultureInfo.InvariantCulture));
        Compare("guardrails", from.Guardrails, to.Guardrails);
        Compare("grains", from.Grains, to.Grains);
        Compare("dimensions", from.Dimensions, to.Dimensions);
        var a = System.Text.Json.Nodes.JsonNode.Parse(from.Definition)!.AsObject();
        var b = System.Text.Json.Nodes.JsonNode.Parse(to.Definition)!.AsObject();
        foreach (var property in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            Compare("definition." + property, a[property]?.ToJsonString(), b[property]?.ToJsonString());
        }

        return changes;
    }
}
