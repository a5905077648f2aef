using System.Text;
using MetricsApi.Export;

namespace MetricsApi.Tests.Export;

/// <summary>RFC 4180 as written, and what a spreadsheet must not run.</summary>
public sealed class CsvWriterTests
{
    private static async Task<string> WriteAsync(Action<CsvWriter> row)
    {
        using var stream = new MemoryStream();
        await using (var csv = new CsvWriter(stream))
        {
            row(csv);
            await csv.EndRowAsync(CancellationToken.None);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task FieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled()
    {
        var text = await WriteAsync(csv => csv.Text("plain").Text("a,b").Text("say \"hi\"").Text("two\nlines").Text("cr\rhere").Text(null).Text(""));

        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,\r\n", text);
    }

    [Fact]
    public async Task NumbersRoundTripInTheInvariantCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var text = await WriteAsync(csv => csv.Number(0.1 + 0.2).Number(-1.5).Number((double?)null).Number(12L).Bool(true).Date(new DateOnly(2026, 3, 2)));

            Assert.Equal("0.30000000000000004,-1.5,,12,true,2026-03-02\r\n", text);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Team = good", "Team = good")]
    public async Task TextThatASpreadsheetWouldRunAsAFormulaIsDefused(string name, string written)
    {
        Assert.Equal(written + "\r\n", await WriteAsync(csv => csv.Text(name)));
    }
}
