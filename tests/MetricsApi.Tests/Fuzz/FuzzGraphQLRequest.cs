using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Fuzz;

/// <summary>One generated GraphQL-over-HTTP request and the caller (index into the fuzz clients) who sends it.</summary>
public sealed record FuzzGraphQLRequest(string Method, string Accept, string Query, JsonObject? Variables, string? OperationName, int Caller)
{
    public override string ToString() =>
        $"{Method} caller {Caller} accept {Accept} operationName {OperationName ?? "null"}\nquery: {Query}\nvariables: {Variables?.ToJsonString() ?? "null"}";
}
