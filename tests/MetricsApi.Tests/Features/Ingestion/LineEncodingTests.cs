using System.Text;
using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// A line that is not valid UTF-8, holds a lone surrogate or a NUL is that line's error
/// (<c>INVALID_ENCODING</c>); every other line of the request is processed, on every provider.
/// </summary>
public abstract class LineEncodingTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Line(JsonObject e) => Bytes(e.ToJsonString() + "\n");

    /// <summary>A valid survey line whose <c>person</c> value is replaced by the given raw bytes.</summary>
    private static byte[] SurveyWithRawPerson(string eventId, byte[] person)
    {
        var text = Survey(eventId, person: "@@PERSON@@").ToJsonString() + "\n";
        var at = text.IndexOf("@@PERSON@@", StringComparison.Ordinal);
        return [.. Bytes(text[..at]), .. person, .. Bytes(text[(at + "@@PERSON@@".Length)..])];
    }

    private async Task AssertOnlyLineTwoIsRejectedAsync(byte[] badLine)
    {
        byte[] body = [.. Line(Survey("s-1")), .. badLine, .. Line(Survey("s-3"))];

        var response = await Ingestor.PostBytesAsync(body);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((2, 0, 1), (response.Accepted, response.Duplicates, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((2, "INVALID_ENCODING"), (error.Number("line"), error.Text("code")));
        Assert.Equal(["s-1", "s-3"], await App.WithDbAsync(db => db.Set<SurveyResponseEvent>().OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync()));
    }

    [Fact]
    public async Task LineWithInvalidUtf8InAStringIsThatLinesErrorAndTheOthersAreStored() =>
        await AssertOnlyLineTwoIsRejectedAsync(SurveyWithRawPerson("s-2", [0x67, 0xFF, 0xFE, 0x68]));

    [Fact]
    public async Task LineWithAnEncodedSurrogateIsThatLinesError() =>
        await AssertOnlyLineTwoIsRejectedAsync(SurveyWithRawPerson("s-2", [0xED, 0xA0, 0x80]));

    [Fact]
    public async Task LineWithAnEscapedLoneSurrogateIsThatLinesError() =>
        await AssertOnlyLineTwoIsRejectedAsync(SurveyWithRawPerson("s-2", Bytes("grace\\ud800")));

    [Fact]
    public async Task LineWithAnEscapedNulIsThatLinesError() =>
        await AssertOnlyLineTwoIsRejectedAsync(SurveyWithRawPerson("s-2", Bytes("grace\\u0000hopper")));

    [Fact]
    public async Task LineWithARawNulByteIsThatLinesError() =>
        await AssertOnlyLineTwoIsRejectedAsync(SurveyWithRawPerson("s-2", [0x67, 0x00, 0x68]));

    [Fact]
    public async Task LoneSurrogateInAFieldNameIsThatLinesError() =>
        await AssertOnlyLineTwoIsRejectedAsync(Bytes(Survey("s-2").ToJsonString()[..^1] + ",\"\\udc00\":1}\n"));

    [Fact]
    public async Task NulInTheSourceOrAnyOtherStringFieldIsThatLinesError()
    {
        var line = Bytes(Survey("s-2").ToJsonString().Replace("\"test-feed\"", "\"test\\u0000feed\"", StringComparison.Ordinal) + "\n");

        await AssertOnlyLineTwoIsRejectedAsync(line);
    }

    [Fact]
    public async Task BadFirstLineThatIsStillAnObjectIsThatLinesErrorNotTheWholeRequest()
    {
        byte[] body = [.. SurveyWithRawPerson("s-1", [0xC3, 0x28]), .. Line(Survey("s-2"))];

        var response = await Ingestor.PostBytesAsync(body);

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((1, 1), (response.Accepted, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((1, "INVALID_ENCODING", "s-1"), (error.Number("line"), error.Text("code"), error.Text("eventId")));
    }

    [Fact]
    public async Task ReplayingAFileWithABadLineStoresNothingTwice()
    {
        byte[] body = [.. Line(Survey("s-1")), .. SurveyWithRawPerson("s-2", Bytes("\\u0000")), .. Line(Survey("s-3"))];
        await Ingestor.PostBytesAsync(body);

        var replay = await Ingestor.PostBytesAsync(body);

        Assert.Equal((0, 2, 1), (replay.Accepted, replay.Duplicates, replay.Rejected));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task NulInAGraphQLIngestedEventIsRefusedWithACodeAndNothingIsStored()
    {
        var response = await Ingestor.IngestAsync(Survey("s-1"), Survey("s-2", person: "grace\u0000hopper"));

        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal(["INVALID_ENCODING"], response.ErrorCodes);
        Assert.Equal(0, await App.CountAsync<SurveyResponseEvent>());
    }
}

public sealed class LineEncodingTestsOnSqlite() : LineEncodingTests(DatabaseKind.Sqlite);

public sealed class LineEncodingTestsOnPostgreSql() : LineEncodingTests(DatabaseKind.PostgreSql);
