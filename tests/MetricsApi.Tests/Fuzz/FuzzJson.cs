using System.Text;
using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// Writes JSON keeping lone surrogates as <c>\uD800</c> escapes. System.Text.Json silently replaces
/// them with U+FFFD, so a client written with it could never send the input the server must refuse.
/// </summary>
public static class FuzzJson
{
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    String(text, key);
                    text.Append(':');
                    Write(text, value);
                }

                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[').AppendJoin(",", a.Select(Write)).Append(']');
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                String(text, s);
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static void String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var ch in value)
        {
            text.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when ch < ' ' || char.IsSurrogate(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        text.Append('"');
    }
}
