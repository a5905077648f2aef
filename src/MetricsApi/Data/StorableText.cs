using System.Text.Json;
using System.Text.Unicode;

namespace MetricsApi.Data;

/// <summary>
/// Text every provider stores and compares the same way. PostgreSQL refuses NUL in text (22021)
/// while SQLite keeps it, and a lone UTF-16 surrogate has no UTF-8 form at all, so input holding
/// either (or bytes that are not UTF-8) is refused at the edge, with the same answer on every
/// provider, instead of failing in the database.
/// </summary>
public static class StorableText
{
    public const string Rule = "Text must be valid UTF-8 without lone surrogates or NUL (U+0000) characters.";

    /// <summary>True when the bytes are well-formed UTF-8 (no encoded surrogates, no overlong forms) and hold no NUL byte.</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes) && !bytes.Contains((byte)0);

    /// <summary>True when the string has no NUL and every surrogate is part of a pair.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when every string and property name in the JSON value is storable. System.Text.Json
    /// parses escaped lone surrogates and bytes that are not UTF-8 inside strings without complaint
    /// and only throws when the string is read, so every string is read here once.
    /// </summary>
    public static bool IsValid(JsonElement element)
    {
        try
        {
            return Check(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when every string (at any depth) of a deserialised value (dictionaries, lists, scalars) is storable.</summary>
    public static bool IsValidValue(object? value) => value switch
    {
        null => true,
        string text => IsValid(text),
        IDictionary<string, object?> map => map.All(p => IsValid(p.Key) && IsValidValue(p.Value)),
        System.Collections.IEnumerable list => list.Cast<object?>().All(IsValidValue),
        _ => true,
    };

    private static bool Check(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => IsValid(element.GetString()),
        JsonValueKind.Object => element.EnumerateObject().All(p => IsValid(p.Name) && Check(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(Check),
        _ => true,
    };
}
