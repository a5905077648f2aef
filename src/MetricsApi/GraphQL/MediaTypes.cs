using Microsoft.Net.Http.Headers;

namespace MetricsApi.GraphQL;

/// <summary>Content negotiation of the GraphQL-over-HTTP spec.</summary>
public static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string Html = "text/html";

    /// <summary>
    /// Picks the response media type from the Accept header: the spec's
    /// <c>application/graphql-response+json</c> when asked for, <c>application/json</c> for a missing
    /// header, <c>*/*</c>, <c>application/*</c> or <c>application/json</c>; null when nothing we speak is acceptable.
    /// </summary>
    public static string? Negotiate(IList<MediaTypeHeaderValue> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (accept.Count == 0)
        {
            return Json;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in accept)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }

            var candidate = range.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponse => GraphQLResponse,
                Json or "application/*" or "*/*" => Json,
                _ => null,
            };
            if (candidate is null)
            {
                continue;
            }

            // On equal quality the spec's own media type wins over application/json.
            if (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponse))
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }

    /// <summary>True when a browser asks for a page (GraphiQL) rather than a GraphQL response.</summary>
    public static bool WantsHtml(IList<MediaTypeHeaderValue> accept) =>
        accept.Any(a => string.Equals(a.MediaType.Value, Html, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
}
