using System.Text;

namespace MetricsApi.Tests.Fuzz;

/// <summary>A raw HTTP/1.x request, exactly as sent on the socket (the client then closes its sending side).</summary>
public sealed record RawRequest(byte[] Bytes, string Description)
{
    public override string ToString() => $"{Description}\n{Encoding.Latin1.GetString(Bytes[..Math.Min(Bytes.Length, 2000)])}";
}
