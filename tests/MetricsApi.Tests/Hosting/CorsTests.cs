using MetricsApi.Hosting;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace MetricsApi.Tests.Hosting;

/// <summary>CORS at the HTTP level: preflights are answered, only configured origins are granted, none by default.</summary>
public sealed class CorsTests : IAsyncLifetime
{
    private const string Dashboard = "https://dashboard.example.com";
    private MetricsApiFactory _configured = null!;
    private MetricsApiFactory _default = null!;

    public async Task InitializeAsync()
    {
        _configured = MetricsApiFactory.Sqlite(settings: new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Dashboard, ["Cors:AllowedOrigins:1"] = "http://localhost:3000" });
        _default = MetricsApiFactory.Sqlite();
        _ = _configured.Server;
        _ = _default.Server;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _configured.DisposeAsync();
        await _default.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> PreflightAsync(MetricsApiFactory app, string path, string origin, string method = "POST")
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await app.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData("/graphql", "POST")]
    [InlineData("/export/metric-values.csv", "GET")]
    [InlineData("/export/target-progress.csv", "GET")]
    public async Task APreflightFromAnAllowedOriginIsAnsweredWithTheGrant(string path, string method)
    {
        var response = await PreflightAsync(_configured, path, Dashboard, method);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(Dashboard, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task AnotherOriginGetsNoGrantAndNothingIsAllowedByDefault()
    {
        var other = await PreflightAsync(_configured, "/graphql", "https://evil.example.com");
        var unconfigured = await PreflightAsync(_default, "/graphql", Dashboard);

        Assert.Equal(204, (int)other.StatusCode);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(unconfigured.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnAllowedOriginsRequestCarriesTheGrantAndTheCostHeadersAreReadable()
    {
        var client = _configured.ClientFor("erin", "Engineer");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ viewer { displayName } }\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", Dashboard);

        var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Dashboard, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Cost-Points", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void DevelopmentListsLocalDevServersAndTheDefaultListsNone()
    {
        var development = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")).Build();
        var production = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        Assert.Contains("http://localhost:5173", CorsRegistration.Origins(development));
        Assert.All(CorsRegistration.Origins(development), o => Assert.Matches("^http://(localhost|127\\.0\\.0\\.1):\\d+$", o));
        Assert.Empty(CorsRegistration.Origins(production));
    }

    [Theory]
    [InlineData("*", "wildcards")]
    [InlineData("https://*.example.com", "wildcards")]
    [InlineData("https://dashboard.example.com/", "trailing slash")]
    [InlineData("https://dashboard.example.com/app", "without a path")]
    [InlineData("ftp://example.com", "http or https")]
    [InlineData("dashboard.example.com", "scheme://host")]
    public void AMisconfiguredOriginStopsTheStartWithAReason(string origin, string reason)
    {
        Assert.Contains(reason, CorsRegistration.Problem(origin), StringComparison.Ordinal);
        Assert.Null(CorsRegistration.Problem("https://dashboard.example.com:8443"));
    }
}
