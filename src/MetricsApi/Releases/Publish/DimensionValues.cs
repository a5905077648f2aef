using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// The values a split lists: a fixed set where there is one (the configured tools, an enum's values),
/// each with a cell for every group, so that the list never tells that someone somewhere used a tool
/// (a tool one person pilots would otherwise appear in everyone's split the weeks they use it).
/// Free-text fields list the values seen, and so do tools removed from the configuration that still
/// have data (otherwise the split would silently stop adding up to the total).
/// </summary>
public sealed class DimensionValues(IOptions<IngestionOptions> ingestion)
{
    public IReadOnlyList<string> Listed(string dimension, IEnumerable<string> seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var enumValues = SourceFields.ByType.Values.SelectMany(f => f).Where(f => f.Name == dimension && f.Values is not null).SelectMany(f => f.Values!).ToList();
        IEnumerable<string> values = dimension == "tool"
            ? ingestion.Value.Tools.Union(seen, StringComparer.Ordinal)
            : enumValues.Count > 0 ? enumValues : seen;
        return values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
