using GraphQL;

namespace MetricsApi.GraphQL;

/// <summary>
/// An error a resolver raises on purpose: its message is meant for the client and its code is one
/// of <see cref="ErrorCodes"/>. Anything else a resolver throws is reported as an internal error.
/// </summary>
public class MetricsApiError : ExecutionError
{
    public MetricsApiError(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public MetricsApiError(string code, string message, IReadOnlyDictionary<string, object?> extensions)
        : this(code, message)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        foreach (var (key, value) in extensions)
        {
            Extensions ??= [];
            Extensions[key] = value!;
        }
    }
}
