using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>(source, eventId) is stored once: in one batch, across batches, across paths and under concurrency.</summary>
public abstract class DuplicateEventTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    [Fact]
    public async Task SameEventTwiceInOneNdjsonBatchIsStoredOnceAndCountedAsDuplicate()
    {
        var response = await Ingestor.PostNdjsonAsync(Survey("s-1"), Survey("s-1", score: 3), Survey("s-2"));

        Assert.Equal((2, 1, 0), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task SameEventTwiceInOneGraphQLBatchIsStoredOnceAndCountedAsDuplicate()
    {
        var result = (await Ingestor.IngestAsync(AiUsage("u-1"), AiUsage("u-1"))).IngestResult();

        Assert.Equal((1, 1, 0), (result.Number("accepted"), result.Number("duplicates"), result.Number("rejected")));
        Assert.Equal(1, await App.CountAsync<AiUsageEvent>());
    }

    [Fact]
    public async Task ReplayingAnNdjsonFileStoresNothingAndReportsEveryEventAsDuplicate()
    {
        var file = IngestionClient.Ndjson([.. OrgTree(), Deployment("d-1"), AiUsage("u-1"), ToolAccess("t-1"), Survey("s-1"), Membership("m-1")]);
        var first = await Ingestor.PostNdjsonAsync(file);

        var replay = await Ingestor.PostNdjsonAsync(file);

        Assert.Equal((9, 0, 0), (first.Accepted, first.Duplicates, first.Rejected));
        Assert.Equal((0, 9, 0), (replay.Accepted, replay.Duplicates, replay.Rejected));
        Assert.Equal((4, 1, 1, 1, 1, 1), (
            await App.CountAsync<OrgUnit>(),
            await App.CountAsync<DeploymentEvent>(),
            await App.CountAsync<AiUsageEvent>(),
            await App.CountAsync<ToolAccessEvent>(),
            await App.CountAsync<SurveyResponseEvent>(),
            await App.CountAsync<Membership>()));
    }

    [Fact]
    public async Task ReplayingAGraphQLBatchStoresNothingAndReportsEveryEventAsDuplicate()
    {
        await Ingestor.IngestAsync(Survey("s-1"), Survey("s-2"));

        var replay = (await Ingestor.IngestAsync(Survey("s-1"), Survey("s-2"))).IngestResult();

        Assert.Equal((0, 2, 0), (replay.Number("accepted"), replay.Number("duplicates"), replay.Number("rejected")));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task AnEventSentByNdjsonIsADuplicateOverGraphQL()
    {
        await Ingestor.PostNdjsonAsync(ToolAccess("t-1"));

        var again = (await Ingestor.IngestAsync(ToolAccess("t-1"))).IngestResult();

        Assert.Equal((0, 1), (again.Number("accepted"), again.Number("duplicates")));
        Assert.Equal(1, await App.CountAsync<ToolAccessEvent>());
    }

    [Fact]
    public async Task SameEventIdFromAnotherSourceIsNotADuplicate()
    {
        var response = await Ingestor.PostNdjsonAsync(Survey("s-1", source: "survey-tool"), Survey("s-1", source: "other-survey-tool"));
        var later = await Ingestor.PostNdjsonAsync(Survey("s-1", source: "third-survey-tool"));

        Assert.Equal((2, 0), (response.Accepted, response.Duplicates));
        Assert.Equal((1, 0), (later.Accepted, later.Duplicates));
        Assert.Equal(3, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task ConcurrentUploadsOfTheSameFileStoreEachEventOnce()
    {
        var file = IngestionClient.Ndjson([.. Enumerable.Range(1, 200).Select(i => AiUsage($"u-{i}"))]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Ingestor.PostNdjsonAsync(file)));

        Assert.All(responses, r => Assert.True(r.Status == 200 && r.Rejected == 0, r.ToString()));
        Assert.Equal(200, responses.Sum(r => r.Accepted));
        Assert.Equal(7 * 200, responses.Sum(r => r.Duplicates));
        Assert.Equal(200, await App.CountAsync<AiUsageEvent>());
        Assert.Equal(200, await App.CountAsync<IngestedEvent>());
    }
}

public sealed class DuplicateEventTestsOnSqlite() : DuplicateEventTests(DatabaseKind.Sqlite);

public sealed class DuplicateEventTestsOnPostgreSql() : DuplicateEventTests(DatabaseKind.PostgreSql);
