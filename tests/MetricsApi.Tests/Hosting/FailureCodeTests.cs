using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace MetricsApi.Tests.Hosting;

/// <summary>
/// Every failure mode answers with a machine-readable code and never with exception text, in every
/// environment: these run in Development, where ASP.NET Core would otherwise show its developer
/// exception page and GraphQL.NET the exception.
/// </summary>
public sealed class FailureCodeTests : IAsyncLifetime, IDisposable
{
    private readonly LogCapture _logs = new();
    private MetricsApiFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = MetricsApiFactory.Sqlite("Development", new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _app.Logs = _logs;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/json")]
    public async Task SubscriptionIsRefusedWithACode(string accept)
    {
        var response = await _app.ClientFor("sam", "Engineer").PostGraphQLAsync("subscription { viewer { objectId } }", accept: accept);

        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal(["SUBSCRIPTIONS_NOT_SUPPORTED"], response.ErrorCodes);
        ExceptionText.AssertAbsent(response.ToString());
    }

    [Fact]
    public async Task ResolverFailureInDevelopmentIsACodeWithATraceIdAndNoExceptionText()
    {
        await _app.ExecuteAsync("DROP TABLE metric_approvals; DROP TABLE metric_versions;");

        var response = await _app.ClientFor("sam", "Engineer").PostGraphQLAsync("{ metrics { totalCount } }");

        Assert.Equal(["INTERNAL_SERVER_ERROR"], response.ErrorCodes);
        var extensions = response.Errors[0]!["extensions"]!.AsObject();
        Assert.False(extensions.ContainsKey("exception"), response.ToString());
        var traceId = extensions["traceId"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(traceId), response.ToString());
        ExceptionText.AssertAbsent(response.ToString());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains(traceId!, StringComparison.Ordinal) && e.Text.Contains("metric_versions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IngestionFailureInDevelopmentIsJsonWithACodeNotAStackTrace()
    {
        await _app.ExecuteAsync("DROP TABLE ingested_events;");

        var response = await _app.Ingestor().PostNdjsonAsync(TestEvents.Survey("s-1"));

        Assert.True(response.Status == 500, response.ToString());
        Assert.StartsWith("application/json", response.Raw.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal("INTERNAL_SERVER_ERROR", response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Body["error"]!["traceId"]?.GetValue<string>()), response.ToString());
        ExceptionText.AssertAbsent(response.Text);
    }

    [Fact]
    public async Task UnknownRouteIsA404WithACode()
    {
        using var raw = await _app.CreateClient().GetAsync("/no-such-thing");
        var body = JsonNode.Parse(await raw.Content.ReadAsStringAsync())!;

        Assert.Equal(404, (int)raw.StatusCode);
        Assert.Equal("NOT_FOUND", body["error"]!["code"]!.GetValue<string>());
    }
}
