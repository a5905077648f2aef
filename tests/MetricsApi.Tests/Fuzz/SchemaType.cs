namespace MetricsApi.Tests.Fuzz;

/// <summary>A named type of the schema.</summary>
public sealed record SchemaType(string Name, string Kind, IReadOnlyList<SchemaField> Fields, IReadOnlyList<SchemaArgument> InputFields, IReadOnlyList<string> EnumValues, IReadOnlyList<string> PossibleTypes);
