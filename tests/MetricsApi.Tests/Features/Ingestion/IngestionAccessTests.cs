using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>Only the Ingestor role may ingest, on both paths; a refused NDJSON upload is audited.</summary>
public abstract class IngestionAccessTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    [Fact]
    public async Task NdjsonWithoutTokenIsUnauthenticated()
    {
        var response = await App.CreateClient().PostNdjsonAsync(Survey("s-1"));

        Assert.Equal((401, "UNAUTHENTICATED"), (response.Status, response.ErrorCode));
        Assert.Equal("Bearer", response.Raw.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task GraphQLWithoutTokenIsUnauthenticated()
    {
        var response = await App.CreateClient().IngestAsync(Survey("s-1"));

        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("Analyst")]
    [InlineData("Auditor")]
    public async Task NdjsonWithAnotherRoleIsForbiddenAndNothingIsStored(string role)
    {
        var response = await App.ClientFor("someone", role).PostNdjsonAsync(Survey("s-1"));

        Assert.Equal((403, "FORBIDDEN"), (response.Status, response.ErrorCode));
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Theory]
    [InlineData("Engineer")]
    [InlineData("Analyst")]
    [InlineData("Auditor")]
    public async Task GraphQLWithAnotherRoleIsForbiddenAndNothingIsStored(string role)
    {
        var response = await App.ClientFor("someone", role).IngestAsync(Survey("s-1"));

        Assert.Equal(["FORBIDDEN"], response.ErrorCodes);
        Assert.Null(response.Data);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task ForbiddenNdjsonUploadIsAuditedAsDenied()
    {
        await App.ClientFor("Eve Engineer", "Engineer").PostNdjsonAsync(Survey("s-1"));

        var entry = Assert.Single(await App.AuditEntriesAsync("{ action: DENIED }"))!;
        Assert.Equal(TestTokens.ObjectIdFor("Eve Engineer"), entry.Text("principalId"));
        Assert.Equal(("DENIED", "POST /ingest/events"), (entry.Text("decision"), entry.Text("target")));
        Assert.Equal(["ROLE_REQUIRED"], entry["ruleCodes"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(await App.AuditEntriesAsync($"{{ action: {AuditActions.IngestBatch} }}"));
    }
}

public sealed class IngestionAccessTestsOnSqlite() : IngestionAccessTests(DatabaseKind.Sqlite);

public sealed class IngestionAccessTestsOnPostgreSql() : IngestionAccessTests(DatabaseKind.PostgreSql);
