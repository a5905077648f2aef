using System.Security.Claims;
using MetricsApi.Access;
using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Releases.Evaluate;
using MetricsApi.Releases.Publish;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Catalogue;

/// <summary>A node of a lineage graph.</summary>
public sealed record LineageNode(string Id, string Kind, string Label)
{
    public string? MetricKey { get; init; }

    public int? Version { get; init; }

    public string? EventType { get; init; }

    public string? Field { get; init; }

    /// <summary>SOURCE of team events, for the roles that run sources: exact.</summary>
    public long? EventCount { get; init; }

    /// <summary>SOURCE, for the roles that run sources: the count as an order-of-magnitude bucket.</summary>
    public string? EventCountBucket { get; init; }

    public DateTime? LastSeen { get; init; }

    /// <summary>SOURCE of people's events: the last day its figures cover (the newest released week's end).</summary>
    public DateOnly? CountedThrough { get; init; }
}

/// <summary>Order-of-magnitude buckets of a source's event count.</summary>
public static class EventCountBuckets
{
    public static string For(long events) => events switch
    {
        < 100 => "0-99",
        < 1_000 => "100-999",
        < 10_000 => "1000-9999",
        < 100_000 => "10000-99999",
        < 1_000_000 => "100000-999999",
        _ => "1000000+",
    };
}

/// <summary>An edge from a consumer to what it is computed from (metric → metric, metric → event type or field, event type → source).</summary>
public sealed record LineageEdge(string From, string To, string Kind);

/// <summary>A lineage graph around one metric.</summary>
public sealed record LineageGraph(string Root, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);

/// <summary>
/// Lineage derived from the definitions (nothing typed in by hand): upstream, the metric versions a
/// metric is computed from, the event types and fields it reads and the sources that actually
/// delivered those events (from the per-source delivery summary ingestion maintains in each chunk);
/// downstream, the metrics computed from it.
/// <para>
/// Sources are side channels around suppression: a per-tool source one pilot uses counts that
/// person's events. So figures (counts, last delivery) are only for the roles that run sources
/// (Ingestor, MetricSteward, Auditor); for sources of people's events they are lagged to the newest
/// released week (as of its cut-off) and bucketed, and such a source is listed only once it has
/// events in a released week. Sources of team events (deployments) are shown live and exact.
/// </para>
/// </summary>
public sealed class LineageBuilder(CatalogueReader reader, MetricsDbContext db, ReleasedSourceCounts released)
{
    public const int MaxDepth = 10;

    /// <summary>The roles that run sources and may see their delivery figures.</summary>
    public static IReadOnlyList<string> SourceOperators { get; } = [Roles.Ingestor, Roles.MetricSteward, Roles.Auditor];

    public async Task<LineageGraph> BuildAsync(string key, string direction, int depth, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var metrics = await reader.AllAsync(cancellationToken).ConfigureAwait(false);
        var root = await reader.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var nodes = new Dictionary<string, LineageNode>(StringComparer.Ordinal);
        var edges = new HashSet<LineageEdge>();
        var eventTypes = new HashSet<string>(StringComparer.Ordinal);
        var rootId = Add(nodes, root.Current);
        if (direction is "UPSTREAM" or "BOTH")
        {
            Upstream(root.Current, depth, metrics, nodes, edges, eventTypes);
        }

        if (direction is "DOWNSTREAM" or "BOTH")
        {
            Downstream(root.Key, depth, metrics, nodes, edges);
        }

        if (eventTypes.Count > 0)
        {
            await AddSourcesAsync(eventTypes, SourceOperators.Any(caller.IsInRole), nodes, edges, cancellationToken).ConfigureAwait(false);
        }

        return new LineageGraph(rootId, [.. nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)], [.. edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)]);
    }

    private async Task AddSourcesAsync(HashSet<string> eventTypes, bool operatorRole, Dictionary<string, LineageNode> nodes, HashSet<LineageEdge> edges, CancellationToken cancellationToken)
    {
        // The summary ingestion keeps per chunk: a handful of rows, however many events there are.
        var live = await db.Set<SourceDelivery>().AsNoTracking().Where(d => eventTypes.Contains(d.Type))
            .Select(d => new { d.Type, d.Source, Count = d.EventCount, d.LastSeen })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var personTypes = eventTypes.Where(t => EventSources.Of(t).PersonBased).ToList();
        var lagged = personTypes.Count == 0 ? ReleasedSources.None : await released.ForAsync(personTypes, cancellationToken).ConfigureAwait(false);
        foreach (var source in live.GroupBy(d => d.Source, StringComparer.Ordinal))
        {
            long events = 0;
            DateTime? lastSeen = null;
            var aboutPeople = false;
            foreach (var delivery in source)
            {
                if (EventSources.Of(delivery.Type).PersonBased)
                {
                    aboutPeople = true;
                    if (lagged.Deliveries.GetValueOrDefault((delivery.Type, source.Key)) is not { Events: > 0 } counted)
                    {
                        continue;
                    }

                    events += counted.Events;
                    lastSeen = Later(lastSeen, counted.LastWeek?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                }
                else
                {
                    events += delivery.Count;
                    lastSeen = Later(lastSeen, DateTime.SpecifyKind(delivery.LastSeen, DateTimeKind.Utc));
                }

                edges.Add(new LineageEdge("event:" + delivery.Type, "source:" + source.Key, "DELIVERED_BY"));
            }

            if (events == 0)
            {
                continue;
            }

            var id = "source:" + source.Key;
            nodes[id] = operatorRole
                ? new LineageNode(id, "SOURCE", source.Key)
                {
                    EventCount = aboutPeople ? null : events,
                    EventCountBucket = EventCountBuckets.For(events),
                    LastSeen = lastSeen,
                    CountedThrough = aboutPeople ? lagged.Through?.AddDays(-1) : null,
                }
                : new LineageNode(id, "SOURCE", source.Key);
        }
    }

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static void Upstream(MetricVersion version, int depth, IReadOnlyDictionary<string, Metric> metrics, Dictionary<string, LineageNode> nodes, HashSet<LineageEdge> edges, HashSet<string> eventTypes)
    {
        if (depth <= 0)
        {
            return;
        }

        var id = NodeId(version);
        var definition = MetricDefinition.FromJson(version.Definition);
        if (definition.Source is { } source)
        {
            eventTypes.Add(source);
            var eventId = "event:" + source;
            nodes.TryAdd(eventId, new LineageNode(eventId, "EVENT_TYPE", source) { EventType = source });
            edges.Add(new LineageEdge(id, eventId, "READS_EVENTS"));
            var attribution = SourceFields.Find(source, "person") is null ? "team" : "person";
            var fields = new[] { definition.Field, SourceFields.TimeField[source], attribution }
                .Concat(definition.Filters.Select(f => f.Field)).Concat(CatalogueService.Split(version.Dimensions)).OfType<string>().Distinct();
            foreach (var field in fields)
            {
                var fieldId = $"field:{source}.{field}";
                nodes.TryAdd(fieldId, new LineageNode(fieldId, "FIELD", $"{source}.{field}") { EventType = source, Field = field });
                edges.Add(new LineageEdge(id, fieldId, "READS_FIELD"));
            }
        }

        foreach (var reference in definition.References)
        {
            if (metrics.TryGetValue(reference, out var input))
            {
                var inputId = Add(nodes, input.Current);
                edges.Add(new LineageEdge(id, inputId, "COMPUTED_FROM"));
                Upstream(input.Current, depth - 1, metrics, nodes, edges, eventTypes);
            }
        }
    }

    private static void Downstream(string key, int depth, IReadOnlyDictionary<string, Metric> metrics, Dictionary<string, LineageNode> nodes, HashSet<LineageEdge> edges)
    {
        if (depth <= 0)
        {
            return;
        }

        var target = NodeId(metrics[key].Current);
        foreach (var consumer in metrics.Values.Where(m => MetricDefinition.FromJson(m.Current.Definition).References.Contains(key)))
        {
            var consumerId = Add(nodes, consumer.Current);
            if (edges.Add(new LineageEdge(consumerId, target, "COMPUTED_FROM")))
            {
                Downstream(consumer.Key, depth - 1, metrics, nodes, edges);
            }
        }
    }

    private static string Add(Dictionary<string, LineageNode> nodes, MetricVersion version)
    {
        var id = NodeId(version);
        nodes.TryAdd(id, new LineageNode(id, "METRIC", $"{version.Name} (v{version.Number})") { MetricKey = version.MetricKey, Version = version.Number });
        return id;
    }

    private static string NodeId(MetricVersion version) => $"metric:{version.MetricKey}@{version.Number}";
}
