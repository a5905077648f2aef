using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>Posts GraphQL operations the way a frontend would and exposes the raw response.</summary>
public static class GraphQLClientExtensions
{
    public static async Task<GraphQLResponse> PostGraphQLAsync(this HttpClient client, string query, object? variables = null, string accept = "application/graphql-response+json", string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    public static async Task<GraphQLResponse> GetGraphQLAsync(this HttpClient client, string query, string accept = "application/graphql-response+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }
}

/// <summary>Status, content type and parsed JSON body of one GraphQL HTTP response.</summary>
public sealed record GraphQLResponse(int Status, string? ContentType, JsonObject Body, HttpResponseMessage Raw)
{
    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Body is not a JSON object: " + text);
        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
    }

    public JsonNode? Data => Body["data"];

    public JsonArray Errors => Body["errors"] as JsonArray ?? [];

    public IReadOnlyList<string?> ErrorCodes => Errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList();

    public string? FirstCode => ErrorCodes.Count > 0 ? ErrorCodes[0] : null;

    public override string ToString() => $"{Status} {ContentType} {Body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}";
}
