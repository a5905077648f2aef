using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// Timestamps and dates before <c>Ingestion:EarliestTimestamp</c> (default 2000-01-01T00:00:00Z)
/// are implausible for this telemetry (0001-01-01 is what an unset date field serialises to) and are
/// that event's error, <c>TIMESTAMP_TOO_EARLY</c>; the rest of the batch is stored.
/// </summary>
public abstract class TimestampWindowTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    public static TheoryData<string, string, string> TooEarly => new()
    {
        { "ai_usage at 0001-01-01", "occurredAt", "0001-01-01T00:00:00Z" },
        { "ai_usage in 1999", "occurredAt", "1999-12-31T23:59:59Z" },
        { "ai_usage just before 2000 UTC, written with an offset", "occurredAt", "2000-01-01T00:30:00+01:00" },
        { "tool_access at 0001-01-01", "grantedAt", "0001-01-01T00:00:00Z" },
    };

    private static JsonObject EventWith(string field, string value) => field switch
    {
        "grantedAt" => ToolAccess("bad").With(field, value),
        _ => AiUsage("bad").With(field, value),
    };

    [Theory]
    [MemberData(nameof(TooEarly))]
    public async Task TimestampBeforeTheEarliestPlausibleTimeIsThatEventsError(string why, string field, string value)
    {
        var response = await Ingestor.PostNdjsonAsync(Survey("s-1"), EventWith(field, value), Survey("s-3"));

        Assert.True(response.Status == 200, $"{why}: {response}");
        Assert.Equal((2, 1), (response.Accepted, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((field, "TIMESTAMP_TOO_EARLY"), (error.Text("field"), error.Text("code")));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    public async Task TimestampOutsideWhatCanBeRepresentedIsInvalidNotAServerError(string value)
    {
        var response = await Ingestor.PostNdjsonAsync(Survey("s-1"), AiUsage("bad").With("occurredAt", value));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((1, 1), (response.Accepted, response.Rejected));
        Assert.Contains(Assert.Single(response.Errors)!.Text("code"), new[] { "INVALID_TIMESTAMP", "TIMESTAMP_TOO_EARLY", "FUTURE_TIMESTAMP" });
    }

    [Fact]
    public async Task TheEarliestPlausibleTimeItselfIsAccepted()
    {
        var response = await Ingestor.PostNdjsonAsync(AiUsage("u-1").With("occurredAt", "2000-01-01T00:00:00Z"));

        Assert.Equal(1, response.Accepted);
    }

    [Fact]
    public async Task MembershipDatedTheFirstOfYearOneIsRejected()
    {
        await SeedOrgAsync();

        var response = await Ingestor.PostNdjsonAsync(Membership("m-1", validFrom: "0001-01-01"), Membership("m-2", person: "ada@example.com"));

        Assert.Equal((1, 1), (response.Accepted, response.Rejected));
        Assert.Equal(("validFrom", "TIMESTAMP_TOO_EARLY"), (response.Errors[0]!.Text("field"), response.Errors[0]!.Text("code")));
        Assert.Equal(1, await App.CountAsync<Membership>());
    }

    [Fact]
    public async Task GraphQLPathAppliesTheSameWindow()
    {
        var result = (await Ingestor.IngestAsync(AiUsage("u-1"), AiUsage("bad").With("occurredAt", "0001-01-01T00:00:00Z"))).IngestResult();

        Assert.Equal((1, 1), (result.Number("accepted"), result.Number("rejected")));
        Assert.Equal("TIMESTAMP_TOO_EARLY", result["errors"]![0]!.Text("code"));
        Assert.Equal(1, await App.CountAsync<AiUsageEvent>());
    }
}

public sealed class TimestampWindowTestsOnSqlite() : TimestampWindowTests(DatabaseKind.Sqlite);

public sealed class TimestampWindowTestsOnPostgreSql() : TimestampWindowTests(DatabaseKind.PostgreSql);

/// <summary>The window is configuration: a deployment loading older history moves it.</summary>
public sealed class ConfiguredTimestampWindowTests : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
    {
        ["Catalogue:PublishStandard"] = "false",
        ["Ingestion:EarliestTimestamp"] = "1990-01-01T00:00:00Z",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ConfiguredEarliestTimestampMovesTheWindow()
    {
        var response = await _app.Ingestor().PostNdjsonAsync(AiUsage("u-1").With("occurredAt", "1995-06-01T12:00:00Z"), AiUsage("u-2").With("occurredAt", "1989-12-31T00:00:00Z"));

        Assert.Equal((1, 1), (response.Accepted, response.Rejected));
        Assert.Equal("TIMESTAMP_TOO_EARLY", response.Errors[0]!.Text("code"));
        Assert.Equal(1, await _app.CountAsync<AiUsageEvent>());
    }
}
