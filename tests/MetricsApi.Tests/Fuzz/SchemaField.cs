namespace MetricsApi.Tests.Fuzz;

/// <summary>A field of an object or interface type.</summary>
public sealed record SchemaField(string Name, TypeRef Type, IReadOnlyList<SchemaArgument> Arguments);
