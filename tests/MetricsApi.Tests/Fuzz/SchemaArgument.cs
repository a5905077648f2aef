namespace MetricsApi.Tests.Fuzz;

/// <summary>An argument or an input field.</summary>
public sealed record SchemaArgument(string Name, TypeRef Type);
