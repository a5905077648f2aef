using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MetricsApi.Data;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Typed access to one event's JSON fields. The first problem found is kept in <see cref="Error"/>
/// and later reads return null, so a validator reads fields straight through and checks once.
/// Messages name fields, never echo person identifiers.
/// </summary>
internal sealed partial class EventFields(JsonElement json, int position, DateTime now, TimeSpan futureTolerance, DateTime earliest)
{
    public const int MaxTextLength = 200;

    public IngestError? Error { get; private set; }

    public string? EventId { get; set; }

    public bool Failed => Error is not null;

    public void Fail(string? field, string code, string message) =>
        Error ??= new IngestError(position, EventId, field, code, message);

    public void RejectUnknownFields(IReadOnlySet<string> allowed)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                Fail(property.Name, IngestErrorCodes.UnknownField, $"'{property.Name}' is not a field of this event type; allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
                return;
            }
        }
    }

    public string? String(string name, bool required = true, int maxLength = MaxTextLength)
    {
        if (Failed || !Present(name, required, out var value))
        {
            return null;
        }

        var raw = Text(name, value);
        if (raw is null)
        {
            return null;
        }

        var text = raw.Trim();
        if (text.Length == 0)
        {
            Fail(name, IngestErrorCodes.MissingField, $"{name} must not be empty.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(name, IngestErrorCodes.TooLong, $"{name} is longer than {maxLength} characters.");
            return null;
        }

        return text;
    }

    public string? Enum(string name, IReadOnlyList<string> allowed)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            Fail(name, IngestErrorCodes.InvalidValue, $"{name} must be one of {string.Join(", ", allowed)}.");
            return null;
        }

        return text;
    }

    public DateTime? Timestamp(string name, bool required = true)
    {
        var text = StringOrNull(name, required);
        if (text is null)
        {
            return null;
        }

        if (!OffsetSuffix().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Fail(name, IngestErrorCodes.InvalidTimestamp, $"{name} must be an ISO-8601 timestamp with an offset, e.g. 2026-03-02T10:15:00Z.");
            return null;
        }

        var utc = value.UtcDateTime;
        if (utc > now + futureTolerance)
        {
            Fail(name, IngestErrorCodes.FutureTimestamp, $"{name} lies in the future.");
            return null;
        }

        if (utc < earliest)
        {
            Fail(name, IngestErrorCodes.TimestampTooEarly, TooEarly(name));
            return null;
        }

        return utc;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        var text = StringOrNull(name, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Fail(name, IngestErrorCodes.InvalidTimestamp, $"{name} must be a date as YYYY-MM-DD.");
            return null;
        }

        if (value < DateOnly.FromDateTime(earliest))
        {
            Fail(name, IngestErrorCodes.TimestampTooEarly, TooEarly(name));
            return null;
        }

        return value;
    }

    public long? Integer(string name, long min, long max, bool required = true)
    {
        if (Failed || !Present(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail(name, IngestErrorCodes.InvalidType, $"{name} must be a whole number.");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(name, IngestErrorCodes.OutOfRange, $"{name} must be between {min} and {max}.");
            return null;
        }

        return number;
    }

    public bool? Boolean(string name, bool required = true)
    {
        if (Failed || !Present(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(name, IngestErrorCodes.InvalidType, $"{name} must be true or false.");
            return null;
        }

        return value.GetBoolean();
    }

    private string? StringOrNull(string name, bool required)
    {
        if (Failed || !Present(name, required, out var value))
        {
            return null;
        }

        return Text(name, value);
    }

    /// <summary>
    /// The string value, or null after recording why not. NUL and lone surrogates are refused here
    /// for every path in (not only NDJSON), so no provider ever sees text it would store differently.
    /// </summary>
    private string? Text(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, IngestErrorCodes.InvalidType, $"{name} must be a string.");
            return null;
        }

        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            text = null;
        }

        if (text is null || !StorableText.IsValid(text))
        {
            Fail(name, IngestErrorCodes.InvalidEncoding, $"{name} is not valid text: {StorableText.Rule}");
            return null;
        }

        return text;
    }

    private bool Present(string name, bool required, out JsonElement value)
    {
        if (json.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Fail(name, IngestErrorCodes.MissingField, $"{name} is required.");
        }

        return false;
    }

    private string TooEarly(string name) =>
        $"{name} lies before {earliest.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, the earliest plausible time (Ingestion:EarliestTimestamp).";

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex OffsetSuffix();
}
