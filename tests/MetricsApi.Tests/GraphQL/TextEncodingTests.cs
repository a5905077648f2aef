using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.GraphQL;

/// <summary>
/// Text the service cannot store or compare the same way on every provider (invalid UTF-8, lone
/// surrogates, NUL) is refused before anything executes: 400 <c>INVALID_ENCODING</c>, with either
/// media type, on SQLite and PostgreSQL alike.
/// </summary>
public abstract class TextEncodingTests(AppFixture app)
{
    private HttpClient Client => app.Factory.Auditor();

    private async Task<GraphQLResponse> PostRawAsync(byte[] body, string accept = "application/graphql-response+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Accept.ParseAdd(accept);
        using var response = await Client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    private static void AssertInvalidEncoding(GraphQLResponse response)
    {
        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal(["INVALID_ENCODING"], response.ErrorCodes);
        Assert.Null(response.Data);
    }

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/json")]
    public async Task BodyThatIsNotUtf8IsInvalidEncoding(string accept)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"query\":\"{ auditLog(where: { principal: \\\"a"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\\\" }) { totalCount } }\"}")];

        AssertInvalidEncoding(await PostRawAsync(body, accept));
    }

    [Fact]
    public async Task EscapedLoneSurrogateInTheQueryTextIsInvalidEncoding() =>
        AssertInvalidEncoding(await PostRawAsync(Encoding.UTF8.GetBytes("{\"query\":\"{ __typename } # \\ud800\"}")));

    [Fact]
    public async Task EscapedLoneSurrogateInAVariableIsInvalidEncoding() =>
        AssertInvalidEncoding(await PostRawAsync(Encoding.UTF8.GetBytes(
            "{\"query\":\"query Q($p: String) { auditLog(where: { principal: $p }) { totalCount } }\",\"variables\":{\"p\":\"\\udc00x\"}}")));

    [Theory]
    [InlineData("\\\\ud800")]
    [InlineData("a\\\\u0000b")]
    public async Task LoneSurrogateOrNulInAStringLiteralIsInvalidEncoding(string literal) =>
        AssertInvalidEncoding(await PostRawAsync(Encoding.UTF8.GetBytes(
            $"{{\"query\":\"{{ auditLog(where: {{ principal: \\\"{literal}\\\" }}) {{ totalCount }} }}\"}}")));

    [Fact]
    public async Task NulInAVariableIsInvalidEncoding()
    {
        var response = await Client.PostGraphQLAsync("query Q($p: String) { auditLog(where: { principal: $p }) { totalCount } }", new { p = "mallory\u0000" });

        AssertInvalidEncoding(response);
    }

    [Fact]
    public async Task NulInAGetVariableIsInvalidEncoding()
    {
        var variables = Uri.EscapeDataString(new JsonObject { ["p"] = "x\u0000" }.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("query Q($p: String) { auditLog(where: { principal: $p }) { totalCount } }") + "&variables=" + variables);
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var raw = await Client.SendAsync(request);

        AssertInvalidEncoding(await GraphQLResponse.ReadAsync(raw));
    }

    [Fact]
    public async Task OrdinaryNonAsciiTextIsFine()
    {
        var response = await Client.PostGraphQLAsync("query Q($p: String) { auditLog(where: { principal: $p }) { totalCount } }", new { p = "Zoë 😀 \u00e9" });

        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
    }
}

public sealed class TextEncodingTestsOnSqlite(SqliteApp app) : TextEncodingTests(app), IClassFixture<SqliteApp>;

public sealed class TextEncodingTestsOnPostgreSql(PostgreSqlApp app) : TextEncodingTests(app), IClassFixture<PostgreSqlApp>;
