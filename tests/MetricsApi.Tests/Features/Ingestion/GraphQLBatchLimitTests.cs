using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary><c>ingestEvents</c> takes at most 1,000 events; more is refused whole.</summary>
public abstract class GraphQLBatchLimitTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    [Fact]
    public async Task BatchOf1001EventsIsBadUserInputAndNothingIsStored()
    {
        var response = await Ingestor.IngestAsync([.. Enumerable.Range(1, 1001).Select(i => Survey($"s-{i}", person: "p"))]);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(["BAD_USER_INPUT"], response.ErrorCodes);
        Assert.Equal("events", response.Errors[0]!["extensions"]!.Text("field"));
        Assert.Null(response.Data);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
        Assert.Equal(0, await App.CountAsync<IngestedEvent>());
    }

    [Fact]
    public async Task BatchOf1000RealisticDeploymentsFitsTheRequestLimitAndIsStored()
    {
        await SeedOrgAsync();

        var response = await Ingestor.IngestAsync([.. Enumerable.Range(1, 1000).Select(i => Deployment($"deploy-{i:D4}").With("leadTimeMinutes", 90).With("service", "payments-api-" + i))]);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(1000, response.IngestResult().Number("accepted"));
        Assert.Equal(1000, await App.CountAsync<DeploymentEvent>());
    }

    [Fact]
    public async Task BatchOf1000EventsIsStored()
    {
        var result = (await Ingestor.IngestAsync([.. Enumerable.Range(1, 1000).Select(i => Survey($"s-{i}", person: "p"))])).IngestResult();

        Assert.Equal((1000, 0, 0), (result.Number("accepted"), result.Number("duplicates"), result.Number("rejected")));
        Assert.Equal(1000, await App.CountAsync<SurveyResponseEvent>());
    }
}

public sealed class GraphQLBatchLimitTestsOnSqlite() : GraphQLBatchLimitTests(DatabaseKind.Sqlite);

public sealed class GraphQLBatchLimitTestsOnPostgreSql() : GraphQLBatchLimitTests(DatabaseKind.PostgreSql);
