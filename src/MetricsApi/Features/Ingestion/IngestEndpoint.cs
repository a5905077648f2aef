using System.Text.Json;
using MetricsApi.Access;
using MetricsApi.Features.Audit;
using MetricsApi.GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// <c>POST /ingest/events</c>: NDJSON bulk ingestion for the <c>Ingestor</c> role, streamed in
/// constant memory. Responses are JSON: the ingestion summary, or <c>{ "error": { code, message } }</c>.
/// </summary>
public static class IngestEndpoint
{
    public const string Path = "/ingest/events";
    public const string NdjsonMediaType = "application/x-ndjson";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapIngestion(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Path, HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext http, IOptions<IngestionOptions> options)
    {
        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!authentication.Succeeded)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "A valid bearer token is required.").ConfigureAwait(false);
            return;
        }

        var user = authentication.Principal;
        var actor = http.RequestServices.GetRequiredService<AuditActor>();
        actor.UsePrincipal(user, "POST " + Path);
        if (!user.IsInRole(Roles.Ingestor))
        {
            await AuditDenialAsync(http).ConfigureAwait(false);
            await ProblemAsync(http, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"Ingestion requires the {Roles.Ingestor} role.").ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, NdjsonMediaType, StringComparison.OrdinalIgnoreCase)
            || (contentType.Charset.HasValue && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            await ProblemAsync(http, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"Send the events as '{NdjsonMediaType}' (UTF-8, one JSON object per line).").ConfigureAwait(false);
            return;
        }

        // Bulk loads may be gigabytes: the body is streamed, so only a line has a size limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var service = http.RequestServices.GetRequiredService<IngestionService>();
        var maxLine = options.Value.MaxLineBytes;
        var progress = new IngestResult();
        try
        {
            progress = await service.IngestAsync(NdjsonReader.ReadAsync(http.Request.BodyReader, maxLine, http.RequestAborted), http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, StatusCodes.Status200OK, Summary(progress, null)).ConfigureAwait(false);
        }
        catch (NotNdjsonException ex)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "NOT_NDJSON", ex.Message).ConfigureAwait(false);
        }
        catch (IngestionAbortedException ex) when (ex.InnerException is LineTooLongException tooLong)
        {
            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, Summary(ex.Progress, new
            {
                code = "LINE_TOO_LONG",
                message = $"{tooLong.Message} Reading stopped there; the counts say what earlier lines stored (replaying the whole file is safe).",
                line = tooLong.Line,
            })).ConfigureAwait(false);
        }
        catch (IngestionAbortedException ex) when (ex.InnerException is AuditUnavailableError audit)
        {
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, Summary(ex.Progress, new { code = audit.Code, message = audit.Message })).ConfigureAwait(false);
        }
    }

    private static object Summary(IngestResult result, object? error) => new
    {
        accepted = result.Accepted,
        duplicates = result.Duplicates,
        rejected = result.Rejected,
        errorsTruncated = result.ErrorsTruncated,
        errors = result.Errors.Select(e => new { line = e.Position, e.EventId, e.Field, e.Code, e.Message }),
        error,
    };

    private static async Task AuditDenialAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<AuditLog>().AppendAsync(
                new AuditRecord(AuditActions.Denied, AuditDecisions.Denied) { Target = "POST " + Path, RuleCodes = ["ROLE_REQUIRED"] },
                http.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableError)
        {
            // The request is refused either way; the refusal just could not be recorded.
        }
    }

    private static Task ProblemAsync(HttpContext http, int status, string code, string message) =>
        WriteAsync(http, status, new { error = new { code, message } });

    private static async Task WriteAsync(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, Json, http.RequestAborted).ConfigureAwait(false);
    }
}
