using System.Net;
using System.Text;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.GraphQL;

/// <summary>GraphQL-over-HTTP behaviour of /graphql beyond what graphql-http's audits check.</summary>
public sealed class HttpProtocolTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private HttpClient Client => app.Factory.ClientFor("paul", "Engineer");

    private async Task<GraphQLResponse> SendAsync(HttpMethod method, string? body, string? contentType, string accept = "application/graphql-response+json", string path = "/graphql")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Client.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    [Fact]
    public async Task GetRunsAQuery()
    {
        var response = await Client.GetGraphQLAsync("{ viewer { displayName } }");

        Assert.Equal(200, response.Status);
        Assert.Equal("paul", response.Data!["viewer"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task MutationOverGetIs405()
    {
        var response = await Client.GetGraphQLAsync("mutation { __typename }");

        Assert.Equal(405, response.Status);
        Assert.Equal(["METHOD_NOT_ALLOWED"], response.ErrorCodes);
        Assert.Equal("POST", response.Raw.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task OtherMethodsAre405()
    {
        var response = await SendAsync(HttpMethod.Put, "{\"query\":\"{ __typename }\"}", "application/json");

        Assert.Equal(405, response.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    public async Task PostWithoutJsonContentTypeIs415(string? contentType)
    {
        var response = await SendAsync(HttpMethod.Post, "{\"query\":\"{ __typename }\"}", contentType);

        Assert.Equal(415, response.Status);
        Assert.Equal(["UNSUPPORTED_MEDIA_TYPE"], response.ErrorCodes);
    }

    [Fact]
    public async Task UnacceptableAcceptHeaderIs406()
    {
        var response = await SendAsync(HttpMethod.Post, "{\"query\":\"{ __typename }\"}", "application/json", accept: "text/csv");

        Assert.Equal(406, response.Status);
        Assert.Equal(["NOT_ACCEPTABLE"], response.ErrorCodes);
    }

    [Theory]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json;q=0.5, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.2, application/json", "application/json")]
    public async Task ResponseMediaTypeFollowsAccept(string accept, string expected)
    {
        var response = await SendAsync(HttpMethod.Post, "{\"query\":\"{ __typename }\"}", "application/json", accept);

        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.ContentType);
    }

    [Theory]
    [InlineData("{\"query\": ")]
    [InlineData("[1,2]")]
    [InlineData("{\"query\": 42}")]
    [InlineData("{\"query\": \"{ __typename }\", \"variables\": \"x\"}")]
    [InlineData("{\"query\": \"{ __typename }\", \"extensions\": [1]}")]
    [InlineData("{\"query\": \"{ __typename }\", \"operationName\": 1}")]
    [InlineData("")]
    public async Task MalformedRequestIs400WithACode(string body)
    {
        var response = await SendAsync(HttpMethod.Post, body, "application/json");

        Assert.Equal(400, response.Status);
        Assert.Equal(["BAD_REQUEST"], response.ErrorCodes);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task BodyOverTheLimitIs413()
    {
        var huge = "{\"query\":\"{ __typename }\",\"extensions\":{\"pad\":\"" + new string('x', 1100 * 1024) + "\"}}";

        var response = await SendAsync(HttpMethod.Post, huge, "application/json");

        Assert.Equal(413, response.Status);
        Assert.Equal(["REQUEST_TOO_LARGE"], response.ErrorCodes);
    }

    [Fact]
    public async Task ParseErrorIs400WithoutDataForGraphQLResponseJson()
    {
        var response = await Client.PostGraphQLAsync("{ viewer {");

        Assert.Equal(400, response.Status);
        Assert.Equal(["GRAPHQL_PARSE_FAILED"], response.ErrorCodes);
        Assert.False(response.Body.ContainsKey("data"));
    }

    [Fact]
    public async Task ParseErrorIs200ForPlainJson()
    {
        var response = await Client.PostGraphQLAsync("{ viewer {", accept: "application/json");

        Assert.Equal(200, response.Status);
        Assert.Equal(["GRAPHQL_PARSE_FAILED"], response.ErrorCodes);
    }

    [Fact]
    public async Task UnknownFieldIsAValidationError()
    {
        var response = await Client.PostGraphQLAsync("{ viewer { salary } }");

        Assert.Equal(400, response.Status);
        Assert.Equal(["GRAPHQL_VALIDATION_FAILED"], response.ErrorCodes);
        Assert.False(response.Body.ContainsKey("data"));
    }

    [Fact]
    public async Task BadVariableIsBadUserInput()
    {
        var response = await Client.PostGraphQLAsync("query Q($n: String!) { __type(name: $n) { name } }", new { n = new[] { 1, 2 } });

        Assert.Equal(400, response.Status);
        Assert.Equal("BAD_USER_INPUT", response.FirstCode);
    }

    [Fact]
    public async Task BrowserGetsGraphiQLFromTheServerItself()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        var client = app.Factory.CreateClient();

        using var page = await client.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/graphiql/graphiql.min.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        foreach (var asset in new[] { "/graphiql/graphiql.min.js", "/graphiql/graphiql.min.css", "/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js", "/graphiql/init.js" })
        {
            using var response = await client.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, asset);
        }
    }
}
