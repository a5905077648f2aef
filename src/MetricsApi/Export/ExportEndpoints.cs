using System.Security.Claims;
using System.Text.Json;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Catalogue;
using MetricsApi.GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MetricsApi.Export;

/// <summary>
/// CSV for BI tools: <c>GET /export/metric-values.csv</c> and <c>GET /export/target-progress.csv</c>,
/// with a bearer token, through the same read plan, policy, releases, suppression and points budget as
/// GraphQL, recorded as one EXPORT audit entry per file before the first byte of it leaves. Errors are
/// JSON (<c>{ "error": { code, message, field } }</c>) with GraphQL's codes. Columns: docs/export.md.
/// </summary>
public static class ExportEndpoints
{
    public const string MetricValuesPath = "/export/metric-values.csv";
    public const string TargetProgressPath = "/export/target-progress.csv";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapExports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(MetricValuesPath, (HttpContext http) => HandleAsync(http, MetricValuesPath, MetricValuesCsv.WriteAsync));
        app.MapGet(TargetProgressPath, (HttpContext http) => HandleAsync(http, TargetProgressPath, TargetProgressCsv.WriteAsync));
        return app;
    }

    /// <summary>What an export prepared: the points it costs, its audit record and how to write it.</summary>
    public sealed record PreparedExport(AuditRecord Audit, Func<CsvWriter, CancellationToken, Task> WriteAsync, IReadOnlyDictionary<string, string>? Headers = null);

    private static async Task HandleAsync(HttpContext http, string path, Func<HttpContext, ClaimsPrincipal, Task<PreparedExport>> prepare)
    {
        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!authentication.Succeeded || authentication.Principal.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = http.Request.Headers.Authorization.Count == 0 ? "Bearer" : "Bearer error=\"invalid_token\"";
            await ProblemAsync(http, new MetricsApiError(ErrorCodes.Unauthenticated, http.Request.Headers.Authorization.Count == 0
                ? "Authentication is required: send 'Authorization: Bearer <token>'."
                : "The bearer token is invalid, expired or not meant for this API.")).ConfigureAwait(false);
            return;
        }

        var user = authentication.Principal;
        http.User = user;
        http.RequestServices.GetRequiredService<AuditActor>().UsePrincipal(user, "GET " + path);
        PreparedExport export;
        try
        {
            export = await prepare(http, user).ConfigureAwait(false);
            await http.RequestServices.GetRequiredService<AuditLog>().AppendAsync(export.Audit, http.RequestAborted).ConfigureAwait(false);
        }
        catch (MetricsApiError error)
        {
            await ProblemAsync(http, error).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/csv; charset=utf-8; header=present";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{path[(path.LastIndexOf('/') + 1)..]}\"";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        foreach (var (name, value) in export.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        await using var csv = new CsvWriter(http.Response.Body);
        await export.WriteAsync(csv, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Refuses a request above the points budget (<c>GraphQL:MaxPointsPerRequest</c>), as GraphQL does.</summary>
    public static Dictionary<string, string> CheckBudget(HttpContext http, long points)
    {
        ArgumentNullException.ThrowIfNull(http);
        var budget = http.RequestServices.GetRequiredService<IOptions<GraphQLEndpointOptions>>().Value.MaxPointsPerRequest;
        if (points > budget)
        {
            throw new MetricsApiError(ErrorCodes.QueryTooComplex,
                $"This export asks for {points:N0} points (periods × groups × dimension values and guardrails, plus {Releases.Read.QueryCost.PerField:N0} per read); at most {budget:N0} are served per request. Ask for fewer periods or groups, or split it.");
        }

        return new Dictionary<string, string>
        {
            ["X-Cost-Points"] = points.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-Cost-Budget"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static int StatusOf(string? code) => code switch
    {
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.PurposeNotAllowed or ErrorCodes.OutOfScope => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.BadUserInput or ErrorCodes.QueryTooComplex => StatusCodes.Status400BadRequest,
        CatalogueErrors.ApprovalMissing => StatusCodes.Status409Conflict,
        ErrorCodes.AuditUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static async Task ProblemAsync(HttpContext http, MetricsApiError error)
    {
        http.Response.StatusCode = StatusOf(error.Code);
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object?> { ["code"] = error.Code, ["message"] = error.Message };
        foreach (var (key, value) in error.Extensions ?? [])
        {
            body.TryAdd(key, value);
        }

        await JsonSerializer.SerializeAsync(http.Response.Body, new { error = body }, Json, http.RequestAborted).ConfigureAwait(false);
    }
}
