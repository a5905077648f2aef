using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Access.Authentication;

public sealed class TokenValidationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", TestTokens.Expired("mallory", "Analyst") },
        { "wrong audience", TestTokens.WrongAudience("mallory", "Analyst") },
        { "wrong issuer", TestTokens.WrongIssuer("mallory", "Analyst") },
        { "bad signature", TestTokens.BadSignature("mallory", "Analyst") },
        { "alg none", TestTokens.AlgNone("mallory", "Analyst") },
        { "not a jwt", "this-is-not-a-token" },
        { "not yet valid", TestTokens.Create("mallory", ["Analyst"], notBefore: DateTime.UtcNow.AddHours(1), expires: DateTime.UtcNow.AddHours(2)) },
    };

    [Fact]
    public async Task RequestWithoutTokenIsUnauthenticated()
    {
        var client = app.Factory.CreateClient();

        var response = await client.PostGraphQLAsync("{ viewer { displayName } }");

        Assert.Equal(401, response.Status);
        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.Equal("Bearer", response.Raw.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadTokenIsUnauthenticated(string why, string token)
    {
        var client = app.Factory.ClientWithToken(token);

        var response = await client.PostGraphQLAsync("{ viewer { displayName } }");

        Assert.True(response.Status == 401, $"{why}: {response}");
        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task UnauthenticatedOverPlainJsonIsStill401()
    {
        var client = app.Factory.ClientWithToken(TestTokens.Expired("mallory", "Analyst"));

        var response = await client.PostGraphQLAsync("{ viewer { displayName } }", accept: "application/json");

        Assert.Equal(401, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
    }

    [Fact]
    public async Task IntrospectionNeedsAToken()
    {
        var response = await app.Factory.CreateClient().PostGraphQLAsync("{ __schema { queryType { name } } }");

        Assert.Equal(401, response.Status);
    }
}
