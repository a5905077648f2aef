using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// When the audit store fails during ingestion, nothing of the batch is stored (its chunk and its
/// INGEST_BATCH entry commit together) and the producer is told to retry: 503 AUDIT_UNAVAILABLE on
/// both paths, never an internal error.
/// </summary>
public abstract class AuditOutageTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    [Fact]
    public async Task NdjsonBatchWhileTheAuditStoreFailsIsAuditUnavailableAndStoresNothing()
    {
        await App.BreakAuditInsertsAsync();

        var response = await Ingestor.PostNdjsonAsync(Survey("s-1"), Survey("s-2"));

        Assert.True(response.Status == 503, response.ToString());
        Assert.Equal("AUDIT_UNAVAILABLE", response.ErrorCode);
        ExceptionText.AssertAbsent(response.Text);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
        Assert.Equal(0, await App.CountAsync<IngestedEvent>());
    }

    [Fact]
    public async Task GraphQLBatchWhileTheAuditStoreFailsIsAuditUnavailableAndStoresNothing()
    {
        await App.BreakAuditInsertsAsync();

        var response = await Ingestor.IngestAsync(Survey("s-1"), Survey("s-2"));

        Assert.True(response.Status == 503, response.ToString());
        Assert.Equal(["AUDIT_UNAVAILABLE"], response.ErrorCodes);
        Assert.Null(response.Data);
        ExceptionText.AssertAbsent(response.ToString());
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
        Assert.Equal(0, await App.CountAsync<IngestedEvent>());
    }

    [Fact]
    public async Task ReplayAfterTheAuditStoreRecoversStoresEveryEventOnce()
    {
        await App.BreakAuditInsertsAsync();
        await Ingestor.IngestAsync(Survey("s-1"), Survey("s-2"));
        await App.ExecuteAsync("DROP TRIGGER test_fail_insert" + (App.Database == DatabaseKind.PostgreSql ? " ON audit_entries" : ""));

        var replay = await Ingestor.PostNdjsonAsync(Survey("s-1"), Survey("s-2"));

        Assert.Equal((2, 0), (replay.Accepted, replay.Duplicates));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }
}

public sealed class AuditOutageTestsOnSqlite() : AuditOutageTests(DatabaseKind.Sqlite);

public sealed class AuditOutageTestsOnPostgreSql() : AuditOutageTests(DatabaseKind.PostgreSql);
