using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>How <c>POST /ingest/events</c> reads lines, and the bodies it refuses as a whole.</summary>
public abstract class NdjsonFormatTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    private static string Line(JsonObject e) => e.ToJsonString();

    [Fact]
    public async Task ByteOrderMarkAtTheStartIsIgnored()
    {
        var body = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(IngestionClient.Ndjson(Survey("s-bom")))).ToArray();

        var response = await Ingestor.PostBytesAsync(body);

        Assert.True(response.Status == 200 && response.Accepted == 1, response.ToString());
    }

    [Fact]
    public async Task BrokenLineInTheMiddleIsRejectedAsInvalidJsonAndTheLinesAroundItAreStored()
    {
        var body = $"{Line(Survey("s-1"))}\n{Line(Survey("s-2"))}\n{{\"type\":\"survey_response\",\"eventId\":\"s-3\",\n{Line(Survey("s-4"))}\n{Line(Survey("s-5"))}\n";

        var response = await Ingestor.PostNdjsonAsync(body);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((4, 1), (response.Accepted, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((3, "INVALID_JSON"), (error.Number("line"), error.Text("code")));
        Assert.Equal(["s-1", "s-2", "s-4", "s-5"], await App.WithDbAsync(db => db.Set<SurveyResponseEvent>().OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync()));
    }

    [Fact]
    public async Task JsonThatIsNotAnObjectInTheMiddleIsRejectedAsNotAnObject()
    {
        var response = await Ingestor.PostNdjsonAsync($"{Line(Survey("s-1"))}\n[1, 2]\n{Line(Survey("s-3"))}\n");

        Assert.Equal((2, 1), (response.Accepted, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((2, "NOT_AN_OBJECT"), (error.Number("line"), error.Text("code")));
    }

    [Fact]
    public async Task BlankLinesAreSkippedButCountedInLineNumbers()
    {
        var body = $"\n{Line(Survey("s-2"))}\n\n   \n{Line(Survey("s-5", score: 11))}\n\n";

        var response = await Ingestor.PostNdjsonAsync(body);

        Assert.Equal((1, 0, 1), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal(5, Assert.Single(response.Errors)!.Number("line"));
    }

    [Fact]
    public async Task FinalLineWithoutTrailingNewlineIsRead()
    {
        var response = await Ingestor.PostNdjsonAsync($"{Line(Survey("s-1"))}\n{Line(Survey("s-2"))}\n{Line(Survey("s-3", score: 11))}");

        Assert.Equal((2, 1), (response.Accepted, response.Rejected));
        Assert.Equal(3, Assert.Single(response.Errors)!.Number("line"));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task SingleEventWithoutTrailingNewlineIsRead()
    {
        var response = await Ingestor.PostNdjsonAsync(Line(Survey("s-1")));

        Assert.Equal(1, response.Accepted);
        Assert.Equal(1, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task WindowsLineEndingsAreRead()
    {
        var response = await Ingestor.PostNdjsonAsync($"{Line(Survey("s-1"))}\r\n\r\n{Line(Survey("s-3", score: 11))}\r\n");

        Assert.Equal((1, 1), (response.Accepted, response.Rejected));
        Assert.Equal(3, Assert.Single(response.Errors)!.Number("line"));
    }

    [Fact]
    public async Task NdjsonWithAUtf8CharsetIsAccepted()
    {
        var response = await Ingestor.PostNdjsonAsync(Line(Survey("s-1")), "application/x-ndjson; charset=utf-8");

        Assert.True(response.Status == 200 && response.Accepted == 1, response.ToString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson; charset=iso-8859-1")]
    public async Task WrongContentTypeIsUnsupportedMediaTypeAndNothingIsStored(string contentType)
    {
        var response = await Ingestor.PostNdjsonAsync(Line(Survey("s-1")) + "\n", contentType);

        Assert.Equal(415, response.Status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", response.ErrorCode);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task JsonArrayIsNotNdjsonAndNothingIsStored()
    {
        var response = await Ingestor.PostNdjsonAsync($"[{Line(Survey("s-1"))},{Line(Survey("s-2"))}]\n");

        Assert.Equal((400, "NOT_NDJSON"), (response.Status, response.ErrorCode));
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task PrettyPrintedJsonArrayIsNotNdjsonAndNothingIsStored()
    {
        var response = await Ingestor.PostNdjsonAsync($"[\n  {Line(Survey("s-1"))},\n  {Line(Survey("s-2"))}\n]\n");

        Assert.Equal((400, "NOT_NDJSON"), (response.Status, response.ErrorCode));
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task CsvIsNotNdjsonAndNothingIsStored()
    {
        var csv = "type,eventId,source,person,tool,score,submittedAt\nsurvey_response,s-1,test-feed,grace.hopper@example.com,Codex,7,2026-03-02T10:15:00Z\n";

        var response = await Ingestor.PostNdjsonAsync(csv);

        Assert.Equal((400, "NOT_NDJSON"), (response.Status, response.ErrorCode));
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public async Task BodyWithoutEventsIsNotNdjson(string body)
    {
        var response = await Ingestor.PostNdjsonAsync(body);

        Assert.Equal((400, "NOT_NDJSON"), (response.Status, response.ErrorCode));
        Assert.Equal(0, await App.CountAsync<IngestedEvent>());
    }

    [Fact]
    public async Task FirstLineLongerThanOneMebibyteIsRefusedAndNothingIsStored()
    {
        var huge = Survey("s-1").With("comment", new string('x', 1024 * 1024));
        var body = $"{Line(huge)}\n{Line(Survey("s-2"))}\n";

        var response = await Ingestor.PostNdjsonAsync(body);

        Assert.Equal(413, response.Status);
        Assert.Equal(("LINE_TOO_LONG", 1), (response.ErrorCode, response.Body["error"]!.Number("line")));
        Assert.Equal((0, 0, 0), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
        Assert.Equal(0, await App.CountAsync<IngestedEvent>());
    }

    [Fact]
    public async Task LineTooLongAfterAFullChunkKeepsAndReportsThatChunk()
    {
        var chunk = IngestionClient.Ndjson([.. Enumerable.Range(1, 1005).Select(i => Survey($"s-{i}"))]);
        var huge = Survey("s-huge").With("comment", new string('x', 1024 * 1024));

        var response = await Ingestor.PostNdjsonAsync($"{chunk}{Line(huge)}\n{Line(Survey("s-after"))}\n");

        Assert.Equal(413, response.Status);
        Assert.Equal(("LINE_TOO_LONG", 1006), (response.ErrorCode, response.Body["error"]!.Number("line")));
        Assert.Equal(1000, response.Accepted);
        Assert.Equal(1000, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task LineOfExactlyOneMebibyteIsRead()
    {
        var line = Line(Survey("s-1"));
        var padded = line[..^1] + new string(' ', (1024 * 1024) - Encoding.UTF8.GetByteCount(line)) + "}";

        var response = await Ingestor.PostNdjsonAsync(padded + "\n");

        Assert.Equal(1024 * 1024, Encoding.UTF8.GetByteCount(padded));
        Assert.True(response.Status == 200 && response.Accepted == 1, response.ToString());
    }
}

public sealed class NdjsonFormatTestsOnSqlite() : NdjsonFormatTests(DatabaseKind.Sqlite);

public sealed class NdjsonFormatTestsOnPostgreSql() : NdjsonFormatTests(DatabaseKind.PostgreSql);
