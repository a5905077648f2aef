using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Events;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Features.Catalogue;

/// <summary>A node of a lineage graph.</summary>
public sealed record LineageNode(string Id, string Kind, string Label)
{
    public string? MetricKey { get; init; }

    public int? Version { get; init; }

    public string? EventType { get; init; }

    public string? Field { get; init; }

    public long? EventCount { get; init; }

    public DateTime? LastSeen { get; init; }
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
/// </summary>
public sealed class LineageBuilder(CatalogueReader reader, MetricsDbContext db)
{
    public const int MaxDepth = 10;

    public async Task<LineageGraph> BuildAsync(string key, string direction, int depth, CancellationToken cancellationToken)
    {
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
            // The summary ingestion keeps per chunk: a handful of rows, however many events there are.
            var sources = await db.Set<SourceDelivery>().AsNoTracking().Where(d => eventTypes.Contains(d.Type))
                .Select(d => new { d.Type, d.Source, Count = d.EventCount, d.LastSeen })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var source in sources)
            {
                var id = "source:" + source.Source;
                var previous = nodes.GetValueOrDefault(id);
                nodes[id] = new LineageNode(id, "SOURCE", source.Source)
                {
                    EventCount = (previous?.EventCount ?? 0) + source.Count,
                    LastSeen = previous?.LastSeen > source.LastSeen ? previous.LastSeen : DateTime.SpecifyKind(source.LastSeen, DateTimeKind.Utc),
                };
                edges.Add(new LineageEdge("event:" + source.Type, id, "DELIVERED_BY"));
            }
        }

        return new LineageGraph(rootId, [.. nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)], [.. edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)]);
    }

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
