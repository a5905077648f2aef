using System.Reflection;

namespace MetricsApi.Features.Ingestion.Writing;

/// <summary>
/// One column a telemetry writer fills: its name in the database, the entity property it holds and
/// a compiled reader of that property (boxed, for providers that bind parameters as objects).
/// </summary>
public sealed record TelemetryColumn(string Name, PropertyInfo Property, Func<object, object?> Read)
{
    public Type ClrType => Property.PropertyType;
}
