namespace MetricsApi.Hosting;

/// <summary>
/// Cross-origin access for browser pages served elsewhere (dashboards, a local frontend): only the
/// origins listed in <c>Cors:AllowedOrigins</c> (none by default; Development lists local dev servers),
/// GET and POST with the headers a bearer-token client sends. Credentials (cookies) are never allowed:
/// the API authenticates with a bearer token the page sends itself. Preflight <c>OPTIONS</c> is answered
/// by the CORS middleware (204) before routing, for allowed and refused origins alike; a refused origin
/// just gets no <c>Access-Control-Allow-Origin</c>, so the browser withholds the response.
/// </summary>
public static class CorsRegistration
{
    public const string OriginsKey = "Cors:AllowedOrigins";

    /// <summary>Headers a page may read from a response (the cost and a file name besides the CORS-safe ones).</summary>
    private static readonly string[] ExposedHeaders = ["WWW-Authenticate", "Content-Disposition", "X-Cost-Points", "X-Cost-Budget"];

    public static WebApplicationBuilder AddMetricsCors(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var origins = Origins(builder.Configuration);
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy => policy
            .WithOrigins([.. origins])
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "Accept")
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    public static WebApplication UseMetricsCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        return app;
    }

    /// <summary>The configured origins (array items or one comma-separated value, e.g. from an environment variable).</summary>
    public static IReadOnlyList<string> Origins(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OriginsKey);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return [.. values.OfType<string>().SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Why an origin is not one, or null: scheme, host and optional port only, http or https, no wildcard.</summary>
    public static string? Problem(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Contains('*', StringComparison.Ordinal))
        {
            return $"{OriginsKey} '{origin}' is invalid: wildcards are not allowed; list every origin (scheme://host[:port]).";
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/" && !origin.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0 && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : $"{OriginsKey} '{origin}' is invalid: an origin is scheme://host[:port] (http or https), without a path or a trailing slash.";
    }
}
