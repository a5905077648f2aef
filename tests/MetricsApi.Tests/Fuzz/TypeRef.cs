namespace MetricsApi.Tests.Fuzz;

/// <summary>A type reference: NON_NULL and LIST wrap another; the rest name a type.</summary>
public sealed record TypeRef(string Kind, string? Name, TypeRef? OfType)
{
    public string NamedType => Name ?? OfType!.NamedType;

    public override string ToString() => Kind switch
    {
        "NON_NULL" => OfType + "!",
        "LIST" => "[" + OfType + "]",
        _ => Name!,
    };
}
