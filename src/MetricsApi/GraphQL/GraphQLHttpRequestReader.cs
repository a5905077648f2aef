using System.Text.Json;
using GraphQL;
using MetricsApi.Data;
using Microsoft.Net.Http.Headers;

namespace MetricsApi.GraphQL;

/// <summary>
/// Reads <c>query</c>, <c>operationName</c>, <c>variables</c> and <c>extensions</c> from a GET query
/// string or a POST <c>application/json</c> body, enforcing the body size limit and the parameter
/// types of the GraphQL-over-HTTP spec. Every refusal is a 4xx <see cref="HttpProblem"/>.
/// </summary>
public sealed class GraphQLHttpRequestReader(IGraphQLTextSerializer serializer)
{
    public async Task<(GraphQLHttpRequest? Request, HttpProblem? Problem)> ReadAsync(HttpRequest http, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        return HttpMethods.IsGet(http.Method)
            ? ReadGet(http, maxBytes)
            : await ReadPostAsync(http, maxBytes, cancellationToken).ConfigureAwait(false);
    }

    private (GraphQLHttpRequest?, HttpProblem?) ReadGet(HttpRequest http, int maxBytes)
    {
        if (http.QueryString.Value is { } raw && raw.Length > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var query = http.Query["query"];
        if (query.Count != 1 || string.IsNullOrWhiteSpace(query[0]))
        {
            return (null, Bad("The 'query' parameter is required and must be a single non-empty string."));
        }

        if (http.Query.Any(p => p.Value.Any(v => v is not null && !StorableText.IsValid(v))))
        {
            return (null, InvalidEncoding());
        }

        var operationName = http.Query["operationName"];
        if (operationName.Count > 1)
        {
            return (null, Bad("The 'operationName' parameter may appear at most once."));
        }

        var (variables, variablesProblem) = ParseJsonMapParameter(http.Query["variables"], "variables");
        if (variablesProblem is not null)
        {
            return (null, variablesProblem);
        }

        var (extensions, extensionsProblem) = ParseJsonMapParameter(http.Query["extensions"], "extensions");
        if (extensionsProblem is not null)
        {
            return (null, extensionsProblem);
        }

        var name = operationName.Count == 1 && !string.IsNullOrEmpty(operationName[0]) ? operationName[0] : null;
        return (new GraphQLHttpRequest(query[0]!, name, variables, extensions), null);
    }

    private (Inputs?, HttpProblem?) ParseJsonMapParameter(Microsoft.Extensions.Primitives.StringValues values, string name)
    {
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return (null, null);
        }

        if (values.Count > 1)
        {
            return (null, Bad($"The '{name}' parameter may appear at most once."));
        }

        try
        {
            using var document = JsonDocument.Parse(values[0]!);
            return StorableText.IsValid(document.RootElement) ? ToInputs(document.RootElement, name) : (null, InvalidEncoding());
        }
        catch (JsonException)
        {
            return (null, Bad($"The '{name}' parameter must be a URL-encoded JSON object."));
        }
    }

    private async Task<(GraphQLHttpRequest?, HttpProblem?)> ReadPostAsync(HttpRequest http, int maxBytes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(http.ContentType) || !MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType))
        {
            return (null, new HttpProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "POST requests need 'Content-Type: application/json'."));
        }

        if (!string.Equals(contentType.MediaType.Value, MediaTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new HttpProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"Content-Type '{contentType.MediaType}' is not supported: send application/json."));
        }

        if (contentType.Charset.HasValue && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new HttpProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"Charset '{contentType.Charset}' is not supported: send utf-8."));
        }

        if (http.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var body = await ReadLimitedAsync(http.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, TooLarge(maxBytes));
        }

        if (body.Length == 0)
        {
            return (null, Bad("The request body is empty: send a JSON object with a 'query' string."));
        }

        // Before parsing: System.Text.Json accepts bytes that are not UTF-8 inside strings, and
        // escaped lone surrogates, and only throws when such a string is read.
        if (!StorableText.IsValidUtf8(body))
        {
            return (null, InvalidEncoding());
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, Bad("The request body is not valid JSON."));
        }

        using (document)
        {
            return StorableText.IsValid(document.RootElement) ? ReadBody(document.RootElement) : (null, InvalidEncoding());
        }
    }

    private (GraphQLHttpRequest?, HttpProblem?) ReadBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Bad("The request body must be a JSON object."));
        }

        if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(query.GetString()))
        {
            return (null, Bad("The 'query' parameter is required and must be a non-empty string."));
        }

        string? operationName = null;
        if (root.TryGetProperty("operationName", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return (null, Bad("The 'operationName' parameter must be a string or null."));
            }

            operationName = name.GetString() is { Length: > 0 } text ? text : null;
        }

        var (variables, variablesProblem) = root.TryGetProperty("variables", out var v) ? ToInputs(v, "variables") : (null, null);
        if (variablesProblem is not null)
        {
            return (null, variablesProblem);
        }

        var (extensions, extensionsProblem) = root.TryGetProperty("extensions", out var e) ? ToInputs(e, "extensions") : (null, null);
        if (extensionsProblem is not null)
        {
            return (null, extensionsProblem);
        }

        return (new GraphQLHttpRequest(query.GetString()!, operationName, variables, extensions), null);
    }

    private (Inputs?, HttpProblem?) ToInputs(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Null => (null, null),
        JsonValueKind.Object => (serializer.Deserialize<Inputs>(element.GetRawText()), null),
        _ => (null, Bad($"The '{name}' parameter must be a JSON object (a map) or null.")),
    };

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HttpProblem Bad(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message);

    /// <summary>Shared with the endpoint, which finds the same problem in decoded string literals.</summary>
    public static HttpProblem InvalidEncoding() => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidEncoding,
        "The request holds text that is not valid UTF-8, a lone surrogate or a NUL (U+0000) character. " + StorableText.Rule);

    private static HttpProblem TooLarge(int maxBytes) => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
        $"The request is larger than the limit of {maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes.");
}
