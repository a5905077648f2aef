using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace MetricsApi.Tests.Export;

/// <summary>A downloaded export: status, headers, raw bytes, and the file parsed by a real CSV reader (CsvHelper).</summary>
public sealed record CsvResponse(int Status, string? ContentType, HttpResponseMessage Raw, byte[] Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The header and rows, parsed strictly as RFC 4180 (a bad field or a short row throws).</summary>
    public (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows) Parse()
    {
        Assert.True(Status == 200, $"{Status} {Text}");
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Mode = CsvMode.RFC4180,
            DetectColumnCountChanges = true,
            BadDataFound = context => throw new InvalidOperationException("Bad CSV field: " + context.RawRecord),
        };
        using var reader = new CsvReader(new StringReader(Text), configuration);
        Assert.True(reader.Read() && reader.ReadHeader());
        var header = reader.HeaderRecord!.ToList();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => reader.GetField(h)!, StringComparer.Ordinal));
        }

        return (header, rows);
    }

    /// <summary>The JSON error of a refused export.</summary>
    public JsonNode Error
    {
        get
        {
            Assert.StartsWith("application/json", ContentType, StringComparison.Ordinal);
            return JsonNode.Parse(Text)!["error"]!;
        }
    }
}

public static class CsvClient
{
    public static async Task<CsvResponse> GetCsvAsync(this HttpClient client, string path, params (string Name, string Value)[] query)
    {
        var url = path + (query.Length == 0 ? "" : "?" + string.Join('&', query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value))));
        var response = await client.GetAsync(url);
        return new CsvResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), response, await response.Content.ReadAsByteArrayAsync());
    }

    public static (string, string)[] ValuesQuery(string metric, string purpose, string from, string to, string? scope = null, string? groupBy = null, string? dimension = null, string grain = "WEEK")
    {
        var query = new List<(string, string)> { ("metric", metric), ("purpose", purpose), ("period.grain", grain), ("period.from", from), ("period.to", to) };
        if (scope is not null)
        {
            query.Add(("scope", scope));
        }

        if (groupBy is not null)
        {
            query.Add(("groupBy", groupBy));
        }

        if (dimension is not null)
        {
            query.Add(("dimension", dimension));
        }

        return [.. query];
    }

    public static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
