using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.GraphQL;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the real endpoint (Kestrel, real tokens, a fresh database): whatever
/// arrives, the answer is never a 5xx, never holds exception text, always comes in time, every
/// GraphQL error carries a code, and every valid event of a mixed NDJSON batch is stored exactly
/// once. CI runs the fixed seed; <see cref="FuzzSettings"/> says how to run more or other cases.
/// </summary>
[Trait("Category", "Fuzz")]
public abstract class FuzzTests(DatabaseKind database, ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GraphQLDocumentsAndVariablesNeverGet5xxExceptionTextOrUncodedErrors()
    {
        await using var app = await FuzzApp.StartAsync(database);
        var callers = FuzzApp.Callers(app);
        var introspection = await callers[1].PostGraphQLAsync(IntrospectionQuery.Text);
        var schema = SchemaModel.FromIntrospection(introspection.Data!["__schema"]!);
        var report = new FuzzReport("GraphQL documents and variables", database);

        foreach (var fuzzCase in FuzzSettings.Cases(new GraphQLRequestGen(schema, callers.Count, FuzzApp.AllRolesCaller).Requests, stream: 1, ciCount: 1000))
        {
            var request = fuzzCase.Value;
            using var message = Message(request);
            using var timeout = new CancellationTokenSource(AnswerWithin);
            try
            {
                using var response = await callers[request.Caller].SendAsync(message, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                report.Check(fuzzCase, (int)response.StatusCode, body);
                if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && !EveryErrorHasACode(body))
                {
                    report.MissingCode(fuzzCase, body);
                }
            }
            catch (OperationCanceledException)
            {
                report.Hang(fuzzCase);
            }
        }

        report.Publish(output);
    }

    [Fact]
    public async Task HttpFramingNeverGets5xxExceptionTextOrHangs()
    {
        await using var app = await FuzzApp.StartAsync(database);
        var server = app.CreateClient().BaseAddress!;
        var report = new FuzzReport("HTTP framing", database);
        var token = TestTokens.For("framing", "Engineer", "Ingestor", "Auditor");

        foreach (var fuzzCase in FuzzSettings.Cases(HttpFramingGen.Requests(token), stream: 2, ciCount: 400))
        {
            RawResponse response;
            try
            {
                response = await SendRawAsync(server, fuzzCase.Value.Bytes);
            }
            catch (TimeoutException)
            {
                report.Hang(fuzzCase);
                continue;
            }

            // Closing the connection without an answer is how a server may refuse unreadable framing,
            // and 505 is the right answer to a request line naming a version other than HTTP/1.x.
            var version = Encoding.Latin1.GetString(fuzzCase.Value.Bytes[..Math.Min(fuzzCase.Value.Bytes.Length, 30000)]).Split("\r\n")[0].Split(' ').Last();
            report.Check(fuzzCase, response.Status, response.Body, allowed505: version is not ("HTTP/1.1" or "HTTP/1.0"));
        }

        report.Publish(output);
    }

    [Fact]
    public async Task MixedNdjsonBatchesStoreEveryValidEventExactlyOnce()
    {
        await using var app = await FuzzApp.StartAsync(database);
        var ingestor = app.Ingestor();
        ingestor.Timeout = TimeSpan.FromMinutes(2);
        Assert.Equal(4, (await ingestor.PostNdjsonAsync(TestEvents.OrgTree())).Accepted);
        var report = new FuzzReport("NDJSON batches", database);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var fuzzCase in FuzzSettings.Cases(NdjsonBatchGen.Batches($"{FuzzSettings.Seed}"), stream: 3, ciCount: 60))
        {
            var batch = fuzzCase.Value;
            var sends = fuzzCase.Index % 5 == 0 ? 2 : 1; // every fifth batch is replayed: a replay stores nothing
            for (var send = 0; send < sends; send++)
            {
                NdjsonResponse response;
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                    response = await ingestor.PostBytesAsync(batch.Body).WaitAsync(timeout.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException)
                {
                    report.Hang(fuzzCase);
                    continue;
                }

                report.Check(fuzzCase, response.Status, response.Text);
                var want = send == 0 ? (batch.Valid, batch.Repeats, batch.Invalid) : (0, batch.Valid + batch.Repeats, batch.Invalid);
                if (response.Status != 200 || (response.Accepted, response.Duplicates, response.Rejected) != want)
                {
                    report.Fail(fuzzCase, $"send {send + 1}: expected accepted/duplicates/rejected {want}", response.ToString());
                }
            }

            foreach (var (type, count) in batch.ValidByType)
            {
                expected[type] = expected.GetValueOrDefault(type) + count;
            }
        }

        var stored = await app.WithDbAsync(async db => new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["ai_usage"] = await db.Set<AiUsageEvent>().LongCountAsync(),
            ["tool_access"] = await db.Set<ToolAccessEvent>().LongCountAsync(),
            ["survey_response"] = await db.Set<SurveyResponseEvent>().LongCountAsync(),
            ["deployment"] = await db.Set<DeploymentEvent>().LongCountAsync(),
        });
        report.ValidEvents = expected.Values.Sum();
        report.Lost = stored.Keys.Sum(t => Math.Max(0, expected.GetValueOrDefault(t) - stored[t]));
        report.Duplicated = stored.Keys.Sum(t => Math.Max(0, stored[t] - expected.GetValueOrDefault(t)));
        report.Publish(output);
    }

    private static HttpRequestMessage Message(FuzzGraphQLRequest request)
    {
        HttpRequestMessage message;
        if (request.Method == "GET")
        {
            var query = "/graphql?query=" + Uri.EscapeDataString(Escape(request.Query))
                + (request.Variables is null ? "" : "&variables=" + Uri.EscapeDataString(FuzzJson.Write(request.Variables)))
                + (request.OperationName is null ? "" : "&operationName=" + Uri.EscapeDataString(Escape(request.OperationName)));
            message = new HttpRequestMessage(HttpMethod.Get, query);
        }
        else
        {
            var body = new JsonObject { ["query"] = request.Query, ["variables"] = request.Variables?.DeepClone(), ["operationName"] = request.OperationName };
            message = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(FuzzJson.Write(body))) };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }

        message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        return message;
    }

    /// <summary>A URL cannot carry a lone surrogate; write it as the replacement character a browser would send.</summary>
    private static string Escape(string text) => string.Concat(text.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c)).Normalize(NormalizationForm.FormC);

    private static bool EveryErrorHasACode(string body)
    {
        try
        {
            return JsonNode.Parse(body) is not JsonObject root
                || root["errors"] is not JsonArray errors
                || errors.All(e => e?["extensions"]?["code"]?.GetValue<string>() is { Length: > 0 });
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<RawResponse> SendRawAsync(Uri server, byte[] request)
    {
        await using var connection = await RawHttp.ConnectAsync(server);

        // Read while still writing: a server that refuses a request closes the connection with our
        // unread bytes pending, and the reset that follows can discard an answer not yet read. Our
        // side is closed only when no answer came (the server waits for body bytes that will never
        // come): Kestrel takes a half-closed connection for a client that went away and answers nothing.
        var answer = connection.ReadResponseAsync(AnswerWithin, headRequest: request.AsSpan().StartsWith("HEAD "u8));
        try
        {
            await connection.WriteAsync(request);
            if (await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(2))) != answer)
            {
                connection.EndSending();
            }
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything we meant to send.
        }
        catch (SocketException)
        {
            // Likewise.
        }

        return await answer;
    }
}

public sealed class FuzzTestsOnSqlite(ITestOutputHelper output) : FuzzTests(DatabaseKind.Sqlite, output);

public sealed class FuzzTestsOnPostgreSql(ITestOutputHelper output) : FuzzTests(DatabaseKind.PostgreSql, output);
