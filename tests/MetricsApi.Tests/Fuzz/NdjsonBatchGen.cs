using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// Mixed NDJSON batches: valid events of every telemetry type (odd but legal values: Unicode,
/// offsets, bounds) with unique ids, repeats of them, events spoilt in exactly one way (missing or
/// mistyped field, out of range, unknown field or tool, implausible or future time, NUL, lone
/// surrogate, bytes that are not UTF-8, time order), garbage lines and blank lines. The first line
/// is always a valid event, so the whole request must be processed.
/// </summary>
public static class NdjsonBatchGen
{
    public static readonly string[] Teams = ["team-a", "team-b"];
    private static readonly string[] Tools = ["Kiro", "claude code", "CODEX", "AI Teammate", "pippin", "MeshClaw"];
    private static readonly string[] Sources = ["fuzz-feed", "sürvey-tool", "feed/1", "x"];
    private static readonly DateTimeOffset Earliest = new(2000, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static Gen<NdjsonBatch> Batches(string runId) => FuzzGen.From(r => Generate(r, runId));

    private static NdjsonBatch Generate(CsCheck.PCG r, string runId)
    {
        var size = r.Chance(0.08) ? r.Between(900, 1300) : r.Between(2, 60); // large ones cross the 1,000-event chunk boundary
        var batch = r.Next64().ToString("x", CultureInfo.InvariantCulture); // uniform: CsCheck's Gen.ULong favours small values, and ids must not repeat across batches
        var body = new List<byte>();
        var valid = new List<byte[]>();
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        int repeats = 0, invalid = 0;
        for (var i = 0; i < size; i++)
        {
            var roll = i == 0 ? 0 : r.Between(0, 99);
            byte[] line;
            if (roll < 60)
            {
                var e = ValidEvent(r, $"{runId}-{batch}-{i}");
                line = Encoding.UTF8.GetBytes(e.ToJsonString());
                valid.Add(line);
                var type = e["type"]!.GetValue<string>();
                byType[type] = byType.GetValueOrDefault(type) + 1;
            }
            else if (roll < 65 && valid.Count > 0)
            {
                line = r.Pick(valid);
                repeats++;
            }
            else if (roll < 88)
            {
                line = Spoilt(r, $"{runId}-{batch}-{i}");
                invalid++;
            }
            else if (roll < 95)
            {
                line = Garbage(r);
                invalid++;
            }
            else
            {
                line = Encoding.ASCII.GetBytes(r.Pick(["", "  ", "\t", " \r"]));
            }

            body.AddRange(line);
            body.AddRange(r.Chance(0.1) ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        return new NdjsonBatch([.. body], size, valid.Count, repeats, invalid, byType);
    }

    private static JsonObject ValidEvent(CsCheck.PCG r, string eventId)
    {
        var e = new JsonObject { ["eventId"] = eventId, ["source"] = r.Pick(Sources) };
        switch (r.Between(0, 3))
        {
            case 0:
                e["type"] = "ai_usage";
                e["person"] = Person(r);
                e["tool"] = r.Pick(Tools);
                e["model"] = r.Pick(["sonnet", "gpt-5", "模型", "m"]);
                e["occurredAt"] = Timestamp(r, out _);
                e["kind"] = r.Pick(["INVOCATION", "OUTPUT_ACCEPTED", "FEEDBACK_GIVEN"]);
                e["inputTokens"] = r.Pick<long>([0, 1, 1200, 100_000_000]);
                e["outputTokens"] = r.Between(0, 5000);
                break;
            case 1:
                e["type"] = "tool_access";
                e["person"] = Person(r);
                e["tool"] = r.Pick(Tools);
                e["grantedAt"] = Timestamp(r, out var granted);
                if (r.Chance(0.4))
                {
                    e["revokedAt"] = Later(r, granted);
                }

                break;
            case 2:
                e["type"] = "survey_response";
                e["person"] = Person(r);
                e["tool"] = r.Pick(Tools);
                e["score"] = r.Between(0, 10);
                e["submittedAt"] = Timestamp(r, out _);
                break;
            default:
                e["type"] = "deployment";
                e["team"] = r.Pick(Teams);
                e["service"] = r.Pick(["checkout", "Zahlungsdienst", "s"]);
                e["environment"] = r.Pick(["production", "staging"]);
                e["status"] = r.Pick(["SUCCEEDED", "FAILED", "ROLLED_BACK"]);
                e["startedAt"] = Timestamp(r, out var started);
                var finished = started.AddMinutes(r.Between(0, 600));
                e["finishedAt"] = Format(r, finished);
                if (r.Chance(0.3))
                {
                    e["leadTimeMinutes"] = r.Between(0, 100_000);
                }

                if (r.Chance(0.2))
                {
                    e["causedIncident"] = true;
                    e["restoredAt"] = Format(r, finished.AddMinutes(r.Between(0, 300)));
                }

                break;
        }

        return e;
    }

    /// <summary>A valid event broken in exactly one way the validator must refuse.</summary>
    private static byte[] Spoilt(CsCheck.PCG r, string eventId)
    {
        var e = ValidEvent(r, eventId);
        var stringField = e.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _) && p.Key != "type").Select(p => p.Key).ToList();
        switch (r.Between(0, 12))
        {
            case 0:
                e.Remove(r.Pick(e.Select(p => p.Key).Where(k => k is "eventId" or "source" or "type" or "person" or "team" or "tool" or "score" or "kind" or "status").ToList()));
                break;
            case 1:
                e[r.Pick(stringField)] = r.Pick<JsonNode>([12, true, new JsonArray(), new JsonObject()]);
                break;
            case 2:
                e["unexpected"] = r.Next(HostileText.Text);
                break;
            case 3:
                e["type"] = r.Pick(["deploy", "AI_USAGE", "", "org_units"]);
                break;
            case 4:
                e[TimeField(e)] = r.Pick(["0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "2026-03-02T10:00:00", "2026-03-02", "yesterday", "2026-02-30T10:00:00Z"]);
                break;
            case 5:
                e[r.Pick(stringField)] = "a\u0000b";
                break;
            case 6:
                return WithRawInString(e, r.Pick(stringField), r.Pick<byte[]>([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]));
            case 7:
                return WithRawInString(e, r.Pick(stringField), "\\ud800"u8.ToArray());
            case 8:
                e["eventId"] = new string('e', 201);
                break;
            case 9:
                e[r.Pick(stringField)] = r.Pick(["", "   "]);
                break;
            case 10 when e["type"]!.GetValue<string>() == "survey_response":
                e["score"] = r.Pick<JsonNode>([11, -1, 3.5, 1e20, "7"]);
                break;
            case 10 or 11 when e["type"]!.GetValue<string>() != "deployment" && e.ContainsKey("tool"):
                e["tool"] = r.Pick(["Copilot", "Kiro 2", "claude-code"]);
                break;
            default:
                e["eventId"] = r.Pick<JsonNode>([12345, JsonValue.Create(false), new JsonArray()]);
                break;
        }

        return Encoding.UTF8.GetBytes(e.ToJsonString());
    }

    private static string TimeField(JsonObject e) => e["type"]!.GetValue<string>() switch
    {
        "ai_usage" => "occurredAt",
        "tool_access" => "grantedAt",
        "survey_response" => "submittedAt",
        _ => "startedAt",
    };

    /// <summary>The event with raw bytes spliced into one string value, as a producer with a broken encoder writes it.</summary>
    private static byte[] WithRawInString(JsonObject e, string field, byte[] raw)
    {
        e[field] = "@@RAW@@";
        var text = e.ToJsonString();
        var at = text.IndexOf("@@RAW@@", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. raw, .. Encoding.UTF8.GetBytes(text[(at + 7)..])];
    }

    /// <summary>A line that is not blank and not a valid event; never holds a line break.</summary>
    private static byte[] Garbage(CsCheck.PCG r)
    {
        var bytes = r.Next(HostileText.Bytes).Where(b => b is not ((byte)'\n' or (byte)'\r')).ToList();
        bytes.Insert(0, r.Pick<byte>([(byte)'{', (byte)'[', (byte)'#', (byte)'x', (byte)'"', 0xFF]));
        return [.. bytes];
    }

    private static string Person(CsCheck.PCG r) => r.Between(0, 3) switch
    {
        0 => $"person{r.Between(0, 40)}@example.com",
        1 => new Guid(r.Next(Gen.Byte.Array[16])).ToString(),
        2 => r.Pick(["Zoë Ångström", "李小龙", "o'brien", "  padded@example.com  ", "😀"]),
        _ => "p" + r.Next(Gen.String[Gen.Char.AlphaNumeric, 1, 30]),
    };

    private static string Timestamp(CsCheck.PCG r, out DateTimeOffset value)
    {
        var span = DateTimeOffset.UtcNow.AddDays(-2) - Earliest;
        value = Earliest + TimeSpan.FromSeconds(r.Next(Gen.Double[0, span.TotalSeconds]));
        value = new DateTimeOffset(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return Format(r, value);
    }

    private static string Later(CsCheck.PCG r, DateTimeOffset after) => Format(r, after.AddHours(r.Between(0, 48)));

    /// <summary>ISO-8601 with Z or an offset; the instant is the same.</summary>
    private static string Format(CsCheck.PCG r, DateTimeOffset utc)
    {
        var offset = TimeSpan.FromMinutes(r.Pick([0, 0, 330, -480, 840, -720]));
        var local = utc.ToOffset(offset);
        return offset == TimeSpan.Zero && r.Chance(0.7)
            ? local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
