using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// The served schema as the fuzzer needs it, read from introspection: object fields with their
/// arguments, input fields, enum values. Documents are generated from it, so they reach resolvers
/// instead of stopping at validation.
/// </summary>
public sealed class SchemaModel
{
    private SchemaModel(Dictionary<string, SchemaType> types, string query, string? mutation)
    {
        Types = types;
        QueryType = query;
        MutationType = mutation;
    }

    public IReadOnlyDictionary<string, SchemaType> Types { get; }

    public string QueryType { get; }

    public string? MutationType { get; }

    public static SchemaModel FromIntrospection(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var types = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        foreach (var type in schema["types"]!.AsArray())
        {
            var name = type!["name"]!.GetValue<string>();
            types[name] = new SchemaType(
                name,
                type["kind"]!.GetValue<string>(),
                [.. (type["fields"]?.AsArray() ?? []).Select(f => new SchemaField(
                    f!["name"]!.GetValue<string>(),
                    Ref(f["type"]!),
                    [.. f["args"]!.AsArray().Select(a => new SchemaArgument(a!["name"]!.GetValue<string>(), Ref(a["type"]!)))]))],
                [.. (type["inputFields"]?.AsArray() ?? []).Select(a => new SchemaArgument(a!["name"]!.GetValue<string>(), Ref(a["type"]!)))],
                [.. (type["enumValues"]?.AsArray() ?? []).Select(v => v!["name"]!.GetValue<string>())],
                [.. (type["possibleTypes"]?.AsArray() ?? []).Select(p => p!["name"]!.GetValue<string>())]);
        }

        return new SchemaModel(types, schema["queryType"]!["name"]!.GetValue<string>(), schema["mutationType"]?["name"]?.GetValue<string>());
    }

    private static TypeRef Ref(JsonNode node) =>
        new(node["kind"]!.GetValue<string>(), node["name"]?.GetValue<string>(), node["ofType"] is { } inner ? Ref(inner) : null);
}
