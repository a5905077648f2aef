using System.Globalization;
using System.Text;
using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// HTTP framing a broken or hostile client sends: odd methods, paths and versions, missing or
/// repeated Host, Content-Length that lies (short, long, negative, not a number, twice), chunked
/// bodies with bad sizes or no end, Content-Length together with chunked, bad header bytes, huge
/// headers, wrong and hostile content types, bodies that are JSON, NDJSON or noise.
/// </summary>
public static class HttpFramingGen
{
    private static readonly string[] Paths =
        ["/graphql", "/graphql", "/ingest/events", "/ingest/events", "/health/ready", "/health/live", "/", "/graphql/", "/GRAPHQL", "/nope", "/graphql?query=%7B__typename%7D",
         "/graphql?query=%00", "/graphql?query=%ff%fe", "/graphql?variables=%7B%22a%22:%22%5Cud800%22%7D&query=%7B__typename%7D", "/%2e%2e/%2e%2e/etc/passwd", "*"];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json", "application/x-ndjson", "application/x-ndjson; charset=utf-8", "application/json; charset=latin1", "text/plain",
         "multipart/form-data; boundary=x", "application/json; charset=", ";;;", "application/graphql"];

    public static Gen<RawRequest> Requests(string validToken) => FuzzGen.From(r => Generate(r, validToken));

    private static RawRequest Generate(CsCheck.PCG r, string token)
    {
        var method = r.Pick(["POST", "POST", "POST", "GET", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "P0ST", "GET /x"]);
        var path = r.Chance(0.03) ? "/" + new string('a', r.Between(5000, 20000)) : r.Pick(Paths);
        var version = r.Pick(["HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTX/1.1", ""]);
        var body = Body(r, path);
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {path} {version}\r\n");
        var notes = new List<string>();

        if (!r.Chance(0.05))
        {
            head.Append("Host: localhost\r\n");
        }

        if (r.Chance(0.03))
        {
            head.Append("Host: other\r\n");
            notes.Add("two hosts");
        }

        head.Append(r.Between(0, 5) switch
        {
            0 => "",
            1 => "Authorization: Bearer not.a.token\r\n",
            2 => "Authorization: Basic dXNlcjpwYXNz\r\n",
            _ => $"Authorization: Bearer {token}\r\n",
        });
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {r.Pick(ContentTypes)}\r\n");
        if (r.Chance(0.8))
        {
            head.Append(CultureInfo.InvariantCulture, $"Accept: {r.Pick(["application/graphql-response+json", "application/json", "*/*", "text/html", "image/png"])}\r\n");
        }

        if (r.Chance(0.05))
        {
            head.Append(CultureInfo.InvariantCulture, $"X-Big: {new string('b', r.Between(10_000, 70_000))}\r\n");
            notes.Add("huge header");
        }

        if (r.Chance(0.05))
        {
            head.Append("Bad Header: x\r\n X-Folded: y\r\n");
            notes.Add("invalid header line");
        }

        var framing = r.Between(0, 9);
        byte[] encoded;
        switch (framing)
        {
            case < 4:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                encoded = body;
                notes.Add("content-length");
                break;
            case 4:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length + r.Between(1, 500)}\r\n");
                encoded = body;
                notes.Add("content-length longer than the body");
                break;
            case 5:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Math.Max(0, body.Length - r.Between(1, 50))}\r\n");
                encoded = body;
                notes.Add("content-length shorter than the body");
                break;
            case 6:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {r.Pick(["-1", "abc", "1e3", "99999999999999999999", "10, 20"])}\r\n");
                encoded = body;
                notes.Add("bad content-length");
                break;
            case 7:
                head.Append("Transfer-Encoding: chunked\r\n");
                encoded = Chunked(r, body, valid: true);
                notes.Add("chunked");
                break;
            case 8:
                head.Append("Transfer-Encoding: chunked\r\n");
                if (r.Chance(0.5))
                {
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                }

                encoded = Chunked(r, body, valid: false);
                notes.Add("broken chunked");
                break;
            default:
                encoded = body;
                notes.Add("no length");
                break;
        }

        head.Append("\r\n");
        return new RawRequest([.. Encoding.Latin1.GetBytes(head.ToString()), .. encoded], $"{method} {path} {version}; {string.Join(", ", notes)}; {body.Length} body bytes");
    }

    private static byte[] Body(CsCheck.PCG r, string path)
    {
        if (r.Chance(0.1))
        {
            return [];
        }

        if (r.Chance(0.2))
        {
            return r.Next(HostileText.Bytes);
        }

        if (path.StartsWith("/ingest", StringComparison.Ordinal))
        {
            var line = $"{{\"type\":\"survey_response\",\"eventId\":\"raw-{r.Next(Gen.ULong)}\",\"source\":\"raw\",\"person\":\"p@example.com\",\"tool\":\"Codex\",\"score\":7,\"submittedAt\":\"2026-03-02T10:15:00Z\"}}\n";
            return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, r.Between(1, 3))));
        }

        return Encoding.UTF8.GetBytes(r.Pick(["{\"query\":\"{ __typename }\"}", "{\"query\":\"{ viewer { objectId roles } }\"}", "{\"query\":\"{ metrics { totalCount } }\"}", "{\"query\":", "[]", "{\"query\":\"\\ud800\"}"]));
    }

    private static byte[] Chunked(CsCheck.PCG r, byte[] body, bool valid)
    {
        var result = new List<byte>();
        var at = 0;
        while (at < body.Length)
        {
            var size = Math.Min(r.Between(1, 64), body.Length - at);
            var sizeText = size.ToString("x", CultureInfo.InvariantCulture);
            if (!valid && r.Chance(0.3))
            {
                sizeText = r.Pick(["zz", "-1", "ffffffffffffffffff", sizeText + ";ext=\"", " "]);
            }

            result.AddRange(Encoding.ASCII.GetBytes(sizeText + "\r\n"));
            result.AddRange(body.AsSpan(at, size).ToArray());
            result.AddRange(valid || !r.Chance(0.3) ? "\r\n"u8.ToArray() : "XX"u8.ToArray());
            at += size;
        }

        if (valid || r.Chance(0.5))
        {
            result.AddRange("0\r\n\r\n"u8.ToArray());
        }

        return [.. result];
    }
}
