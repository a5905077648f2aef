using System.Text.Json;

namespace MetricsApi.Tests.Browser;

/// <summary>
/// A dashboard page on another origin calls the API from a real browser (headless Chromium): the
/// preflight is answered, an allowed origin reads GraphQL and the CSV export with a bearer token, and
/// any other origin is refused by the browser itself.
/// </summary>
public sealed class CrossOriginTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A fetch from the page: its status and body, or the browser's refusal.</summary>
    private string Fetch(string path, string method, string token, string? body = null) =>
        "(async () => { try { const r = await fetch(" + JsonSerializer.Serialize(app.Api.BaseUrl + path) + ", { method: " + JsonSerializer.Serialize(method) +
        ", headers: { 'Authorization': 'Bearer " + token + "', 'Content-Type': 'application/json', 'Accept': 'application/json' }" +
        (body is null ? "" : ", body: " + JsonSerializer.Serialize(body)) +
        " }); return 'status ' + r.status + ' ' + (await r.text()); } catch (e) { return 'refused ' + e.name; } })()";

    [Fact]
    public async Task APageOnAnAllowedOriginCallsGraphQLWithABearerToken()
    {
        var page = await app.Browser.OpenAsync(app.AllowedOrigin + "/");

        var result = (await app.Browser.EvaluateAsync(page, Fetch("/graphql", "POST", app.Api.Token("erin", "Engineer"), "{\"query\":\"{ viewer { displayName roles } }\"}")))!.GetValue<string>();

        Assert.StartsWith("status 200 ", result, StringComparison.Ordinal);
        Assert.Contains("\"displayName\":\"erin\"", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageOnAnAllowedOriginDownloadsTheCsvExport()
    {
        var page = await app.Browser.OpenAsync(app.AllowedOrigin + "/");

        var result = (await app.Browser.EvaluateAsync(page, Fetch(
            "/export/metric-values.csv?metric=deployments_per_engineer_weekly&purpose=PORTFOLIO_REPORTING&period.grain=WEEK&period.from=2026-01-05&period.to=2026-01-11",
            "GET", app.Api.Token("ana", "Analyst"))))!.GetValue<string>();

        // No org data in this server: an Analyst's scope is empty, and the refusal reaches the page as JSON.
        Assert.StartsWith("status 403 ", result, StringComparison.Ordinal);
        Assert.Contains("OUT_OF_SCOPE", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageOnAnotherOriginIsRefusedByTheBrowser()
    {
        var page = await app.Browser.OpenAsync(app.OtherOrigin + "/");

        var result = (await app.Browser.EvaluateAsync(page, Fetch("/graphql", "POST", app.Api.Token("erin", "Engineer"), "{\"query\":\"{ viewer { displayName } }\"}")))!.GetValue<string>();

        Assert.Equal("refused TypeError", result);
    }
}
