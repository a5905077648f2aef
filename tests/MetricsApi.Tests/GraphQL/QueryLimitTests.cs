using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.GraphQL;

public sealed class QueryLimitTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private HttpClient Client => app.Factory.ClientFor("quinn", "Analyst");

    private static string Nest(int levels)
    {
        // __type(name) { fields { type { fields { type { ... } } } } }: two levels per repetition.
        var open = string.Concat(Enumerable.Repeat("fields { type { ", levels));
        var close = string.Concat(Enumerable.Repeat("} } ", levels));
        return $"__type(name: \"Query\") {{ {open} name {close} }}";
    }

    [Fact]
    public async Task StandardIntrospectionQueryWorksDespiteTheDepthLimit()
    {
        var response = await Client.PostGraphQLAsync(IntrospectionQuery.Text);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Empty(response.Errors);
        Assert.Equal("Query", response.Data!["__schema"]!["queryType"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeepDataQueryIsTooComplex()
    {
        // Mixing a data field in makes it a data query, which gets the normal depth limit of 12.
        var response = await Client.PostGraphQLAsync($"{{ viewer {{ displayName }} {Nest(7)} }}");

        Assert.Equal(400, response.Status);
        Assert.Equal(["QUERY_TOO_COMPLEX"], response.ErrorCodes);
    }

    [Fact]
    public async Task AbusivelyDeepIntrospectionIsTooComplex()
    {
        var response = await Client.PostGraphQLAsync($"{{ {Nest(12)} }}");

        Assert.Equal(400, response.Status);
        Assert.Equal(["QUERY_TOO_COMPLEX"], response.ErrorCodes);
    }

    [Fact]
    public async Task ShallowQueryIsAllowed()
    {
        var response = await Client.PostGraphQLAsync($"{{ viewer {{ displayName }} {Nest(2)} }}");

        Assert.Equal(200, response.Status);
    }
}
