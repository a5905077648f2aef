using System.Text.Json.Nodes;
using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>Every ingested batch is one <c>INGEST_BATCH</c> audit entry with its counts, and the chain still verifies.</summary>
public abstract class IngestionAuditTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    private const string Fields = "sequence principalId principalName action decision target eventsAccepted eventsDuplicate eventsRejected";

    private async Task<JsonArray> IngestBatchEntriesAsync()
    {
        var response = await App.Auditor().PostGraphQLAsync($"{{ auditLog(first: 500, where: {{ action: INGEST_BATCH }}) {{ nodes {{ {Fields} }} }} }}");
        Assert.True(response.Status == 200, response.ToString());
        return response.Data!["auditLog"]!["nodes"]!.AsArray();
    }

    private static (int, int, int) Counts(JsonNode entry) =>
        (entry.Number("eventsAccepted"), entry.Number("eventsDuplicate"), entry.Number("eventsRejected"));

    [Fact]
    public async Task NdjsonBatchIsOneIngestBatchEntryWithTheResponsesCountsAndSources()
    {
        var response = await Ingestor.PostNdjsonAsync(
            Survey("s-1", source: "survey-tool"),
            Survey("s-1", source: "survey-tool"),
            AiUsage("u-1", source: "claude-export"),
            AiUsage("u-2", source: "claude-export").With("kind", "WRONG"),
            Survey("s-2", source: "survey-tool"));

        var entry = Assert.Single(await IngestBatchEntriesAsync())!;
        Assert.Equal((3, 1, 1), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal((3, 1, 1), Counts(entry));
        Assert.Equal("claude-export,survey-tool", entry.Text("target"));
        Assert.Equal((TestTokens.ObjectIdFor("feed"), "ALLOWED"), (entry.Text("principalId"), entry.Text("decision")));
    }

    [Fact]
    public async Task GraphQLBatchIsOneIngestBatchEntryWithTheResultsCountsAndSource()
    {
        var result = (await Ingestor.IngestAsync(ToolAccess("t-1"), ToolAccess("t-2").With("tool", "Cursor"), ToolAccess("t-3"))).IngestResult();

        var entry = Assert.Single(await IngestBatchEntriesAsync())!;
        Assert.Equal((2, 0, 1), (result.Number("accepted"), result.Number("duplicates"), result.Number("rejected")));
        Assert.Equal((2, 0, 1), Counts(entry));
        Assert.Equal(Source, entry.Text("target"));
        Assert.Equal(TestTokens.ObjectIdFor("feed"), entry.Text("principalId"));
    }

    [Fact]
    public async Task ReplayEntryNamesTheSourceItCameFrom()
    {
        var file = IngestionClient.Ndjson(Survey("s-1"), Survey("s-2"));
        await Ingestor.PostNdjsonAsync(file);

        await Ingestor.PostNdjsonAsync(file);

        Assert.Equal([Source, Source], (await IngestBatchEntriesAsync()).Select(e => e!.Text("target")));
    }

    [Fact]
    public async Task ReplayIsAuditedWithItsDuplicates()
    {
        var file = IngestionClient.Ndjson(Survey("s-1"), Survey("s-2"));
        await Ingestor.PostNdjsonAsync(file);

        await Ingestor.PostNdjsonAsync(file);

        var entries = await IngestBatchEntriesAsync();
        Assert.Equal([(0, 2, 0), (2, 0, 0)], entries.Select(e => Counts(e!)));
    }

    [Fact]
    public async Task AuditChainVerifiesAfterIngestionOnBothPaths()
    {
        await SeedOrgAsync();
        await Ingestor.PostNdjsonAsync(Deployment("d-1"), Survey("s-1", score: 11));
        await Ingestor.IngestAsync(Membership("m-1"), AiUsage("u-1"));
        await App.ClientFor("someone", "Engineer").PostNdjsonAsync(Survey("s-2"));

        var result = await App.VerifyAsync();

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(4, result["entriesChecked"]!.GetValue<int>());
    }
}

public sealed class IngestionAuditTestsOnSqlite() : IngestionAuditTests(DatabaseKind.Sqlite);

public sealed class IngestionAuditTestsOnPostgreSql() : IngestionAuditTests(DatabaseKind.PostgreSql);
