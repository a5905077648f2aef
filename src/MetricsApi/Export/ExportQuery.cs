using System.Globalization;
using MetricsApi.GraphQL;

namespace MetricsApi.Export;

/// <summary>
/// The query string of an export, read strictly: unknown or repeated parameters, missing required ones
/// and malformed values are BAD_USER_INPUT naming the parameter, as GraphQL names the argument (a
/// scheduled BI refresh with a typo should fail loudly, not export something else).
/// </summary>
public sealed class ExportQuery
{
    private readonly IQueryCollection _query;

    public ExportQuery(IQueryCollection query, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? repeatable = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(known);
        _query = query;
        foreach (var (name, values) in query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Bad(name, $"Unknown parameter '{name}'; this export takes {string.Join(", ", known)}.");
            }

            if (values.Count > 1 && repeatable?.Contains(name, StringComparer.Ordinal) != true)
            {
                throw Bad(name, $"'{name}' is given {values.Count} times; give it once.");
            }
        }
    }

    public string? Optional(string name) => _query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    public IReadOnlyList<string> All(string name) =>
        _query.TryGetValue(name, out var values) ? [.. values.OfType<string>().Where(v => !string.IsNullOrWhiteSpace(v))] : [];

    public string Required(string name) => Optional(name) ?? throw Bad(name, $"'{name}' is required.");

    /// <summary>One of a GraphQL enum's values (as GraphQL spells them).</summary>
    public string? Enum(string name, IReadOnlyList<string> allowed, bool required)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var value = required ? Required(name) : Optional(name);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Bad(name, $"'{name}' must be one of {string.Join(", ", allowed)}, not '{value}'.");
    }

    /// <summary>A day as <c>yyyy-MM-dd</c>.</summary>
    public DateOnly Date(string name) =>
        DateOnly.TryParseExact(Required(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw Bad(name, $"'{name}' must be a day written yyyy-MM-dd.");

    public static MetricsApiError Bad(string field, string message) =>
        new(ErrorCodes.BadUserInput, message, new Dictionary<string, object?> { ["field"] = field });
}
