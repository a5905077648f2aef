namespace MetricsApi.Tests.Browser;

/// <summary>GraphiQL as a newcomer uses it: the page opens before they have a token, then they paste one.</summary>
public sealed class GraphiQLTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Records every response GraphiQL's fetches get, before the page's own scripts run.</summary>
    private const string RecordFetches = """
        window.__responses = [];
        const originalFetch = window.fetch;
        window.fetch = async (...args) => {
          const response = await originalFetch(...args);
          const body = await response.clone().text();
          window.__responses.push({ status: response.status, schema: body.includes('"__schema"') });
          return response;
        };
        """;

    [Fact]
    public async Task TheSchemaLoadsOnceTheTokenIsSetInsteadOfKeepingTheFirst401()
    {
        var page = await app.Browser.OpenAsync(app.Api.BaseUrl + "/graphql", RecordFetches);
        await app.Browser.WaitForAsync(page, "window.__responses.some(r => r.status === 401)", TimeSpan.FromSeconds(30));
        await app.Browser.WaitForAsync(page, "document.querySelectorAll('.CodeMirror').length >= 3", TimeSpan.FromSeconds(30));

        var token = app.Api.Token("erin", "Engineer");
        await app.Browser.EvaluateAsync(page, """
            (() => {
              const editors = [...document.querySelectorAll('.CodeMirror')].map(e => e.CodeMirror).filter(Boolean);
              // The Headers tab holds the JSON with the placeholder (the query editor's comments mention it too).
              const headers = editors.find(cm => cm.getValue().trim().startsWith('{') && cm.getValue().includes('Authorization'));
              headers.setValue(JSON.stringify({ Authorization: 'Bearer TOKEN' }));
              return true;
            })()
            """.Replace("TOKEN", token, StringComparison.Ordinal));

        await app.Browser.WaitForAsync(page, "window.__responses.some(r => r.status === 200 && r.schema)", TimeSpan.FromSeconds(30));
        await app.Browser.WaitForAsync(page, "!document.querySelector('.graphiql-response').innerText.includes('UNAUTHENTICATED')", TimeSpan.FromSeconds(10));
    }
}
