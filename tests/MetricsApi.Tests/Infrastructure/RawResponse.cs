using System.Globalization;
using System.Text;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>Status, headers (lower-case names) and body (de-chunked) of a response read by <see cref="RawHttp"/>; status 0 when the server sent nothing.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>True when the bytes hold a whole response: headers and the body its framing announces.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> bytes, bool headRequest)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(bytes[..end]);
        var body = bytes[(end + 4)..];
        var status = head.Length > 12 && int.TryParse(head.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
        if (headRequest || status is (>= 100 and < 200) or 204 or 304)
        {
            return true;
        }

        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && body.Length >= length;
            }

            if (parts.Length == 2 && parts[0].Trim().Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) && parts[1].Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return body.EndsWith("0\r\n\r\n"u8);
            }
        }

        return false; // no framing: the body ends when the server closes
    }

    public static RawResponse Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Encoding.Latin1.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (bytes.Length == 0 || split < 0)
        {
            return new RawResponse(0, new Dictionary<string, string>(), text);
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p[1].Trim())));
        var body = bytes.AsSpan(Encoding.Latin1.GetByteCount(text[..split]) + 4).ToArray();
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            result.Write(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return result.ToArray();
    }
}
