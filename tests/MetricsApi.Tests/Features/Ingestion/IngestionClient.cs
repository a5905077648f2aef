using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>Sends events the way producers do: NDJSON to <c>POST /ingest/events</c>, or the GraphQL <c>ingestEvents</c> mutation.</summary>
public static class IngestionClient
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public const string IngestMutation =
        "mutation Ingest($events: [IngestEventInput!]!) { ingestEvents(events: $events) { accepted duplicates rejected errorsTruncated errors { index eventId field code message } } }";

    public static HttpClient Ingestor(this MetricsApiFactory app) => app.ClientFor("feed", "Ingestor");

    /// <summary>One JSON object a line, each line ending in a newline.</summary>
    public static string Ndjson(params JsonObject[] events) => string.Concat(events.Select(e => e.ToJsonString() + "\n"));

    public static Task<NdjsonResponse> PostNdjsonAsync(this HttpClient client, params JsonObject[] events) =>
        client.PostNdjsonAsync(Ndjson(events));

    public static async Task<NdjsonResponse> PostNdjsonAsync(this HttpClient client, string body, string contentType = NdjsonMediaType) =>
        await client.PostBytesAsync(Encoding.UTF8.GetBytes(body), contentType);

    public static async Task<NdjsonResponse> PostBytesAsync(this HttpClient client, byte[] body, string contentType = NdjsonMediaType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync("/ingest/events", content);
        return await NdjsonResponse.ReadAsync(response);
    }

    /// <summary>Sends the events as the <c>$events</c> variable of <c>ingestEvents</c>.</summary>
    public static Task<GraphQLResponse> IngestAsync(this HttpClient client, params JsonObject[] events) =>
        client.PostGraphQLAsync(IngestMutation, new { events = new JsonArray([.. events.Select(e => e.DeepClone())]) });

    /// <summary>The <c>ingestEvents</c> result of a response that must have one.</summary>
    public static JsonNode IngestResult(this GraphQLResponse response)
    {
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data!["ingestEvents"]!;
    }

    public static int Number(this JsonNode node, string name) => node[name]!.GetValue<int>();

    public static string? Text(this JsonNode node, string name) => node[name]?.GetValue<string>();

    public static Task<int> CountAsync<T>(this MetricsApiFactory app)
        where T : class =>
        app.WithDbAsync(db => db.Set<T>().CountAsync());
}

/// <summary>Status and JSON body of one <c>POST /ingest/events</c> response.</summary>
public sealed record NdjsonResponse(int Status, JsonObject Body, string Text, HttpResponseMessage Raw)
{
    public static async Task<NdjsonResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Body is not a JSON object: " + text);
        return new NdjsonResponse((int)response.StatusCode, body, text, response);
    }

    public int Accepted => Body.Number("accepted");

    public int Duplicates => Body.Number("duplicates");

    public int Rejected => Body.Number("rejected");

    public JsonArray Errors => Body["errors"]?.AsArray() ?? [];

    /// <summary>The code of a whole-request refusal (<c>{ "error": { "code": … } }</c>).</summary>
    public string? ErrorCode => Body["error"]?.Text("code");

    public override string ToString() => $"{Status} {Text}";
}
