using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MetricsApi.Features.Audit;

/// <summary>
/// The canonical form of an audit entry and its hash (documented in docs/audit-log.md so an auditor
/// can re-verify the chain offline): UTF-8 JSON without whitespace, the keys below in this order,
/// absent values as <c>null</c>, <c>occurred_at</c> as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, non-ASCII
/// characters unescaped. <c>hash</c> = lowercase hex SHA-256 of those bytes.
/// </summary>
public static class AuditHashing
{
    public static readonly string GenesisHash = new('0', 64);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Truncates to whole microseconds (PostgreSQL's precision) in UTC.</summary>
    public static DateTime Normalise(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    public static string CanonicalForm(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("occurred_at", Normalise(entry.OccurredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("principal_id", entry.PrincipalId);
            json.WriteString("principal_name", entry.PrincipalName);
            json.WriteString("roles", entry.Roles);
            json.WriteString("action", entry.Action);
            WriteNullable(json, "operation_name", entry.OperationName);
            WriteNullable(json, "document_hash", entry.DocumentHash);
            WriteNullable(json, "purpose", entry.Purpose);
            WriteNullable(json, "metrics", entry.Metrics);
            WriteNullable(json, "scope", entry.Scope);
            WriteNullable(json, "target", entry.Target);
            json.WriteString("decision", entry.Decision);
            WriteNullable(json, "rule_codes", entry.RuleCodes);
            WriteNullable(json, "policy_version", entry.PolicyVersion);
            WriteNullable(json, "points_served", entry.PointsServed);
            WriteNullable(json, "points_suppressed", entry.PointsSuppressed);
            WriteNullable(json, "events_accepted", entry.EventsAccepted);
            WriteNullable(json, "events_duplicate", entry.EventsDuplicate);
            WriteNullable(json, "events_rejected", entry.EventsRejected);
            json.WriteString("previous_hash", entry.PreviousHash);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string ComputeHash(AuditEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalForm(entry))));

    public static string HashDocument(string document) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }
}
