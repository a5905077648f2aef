using System.Text;
using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>Strings and bytes a hostile or broken client sends: control characters, NUL, lone surrogates, huge, odd Unicode, injection attempts.</summary>
public static class HostileText
{
    private static readonly string[] Specials =
    [
        "", " ", "\t\r\n", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\u0001\u001f\u007f", "\u200b\u200e\u202e", "Zoë 😀 Ωmega 日本語",
        "' OR 1=1 --", "\"; DROP TABLE audit_entries; --", "%", "_", "\\", "\\u0000", "{0}", "%s%n%x", "${jndi:ldap://x}", "../../etc/passwd",
        "<script>alert(1)</script>", "NaN", "-0", "1e309", "9223372036854775808", "null", "true", "{}", "[]", "\"", "}", "{",
        "team-a", "org-eng", "acme", "production_deployments", "TEAM_IMPROVEMENT", "2026-03-02", "2026-03-02T10:00:00Z", "0001-01-01T00:00:00Z",
    ];

    private static readonly Gen<string> Ordinary = Gen.String[Gen.Char.AlphaNumeric, 0, 20];

    private static readonly Gen<string> AnyChars = Gen.String[Gen.Char, 0, 30];

    /// <summary>Text no provider stores alike: the cases the service must refuse the same way everywhere.</summary>
    private static readonly Gen<string> Poison = Gen.Select(Ordinary, Gen.OneOf("\u0000", "\ud800", "\udc00", "\u0000\u0000", "\ud83d"), Ordinary, (a, b, c) => a + b + c);

    public static Gen<string> Text { get; } = Gen.Frequency(
        (5, Gen.OneOf(Specials)),
        (3, Poison),
        (3, Ordinary),
        (2, AnyChars),
        (1, Gen.Int[200, 5000].Select(n => new string('x', n))),
        (2, Gen.Select(Ordinary, Gen.OneOf(Specials), Ordinary, (a, b, c) => a + b + c)));

    /// <summary>Raw bytes for places where text is expected: often UTF-8, sometimes not.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.Frequency(
        (3, Text.Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.Byte.Array[0, 40]),
        (1, Gen.OneOf<byte[]>([0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00])));
}
