using System.Diagnostics;
using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.GraphQL;
using Microsoft.AspNetCore.Diagnostics;

namespace MetricsApi.Hosting;

/// <summary>
/// The last line of defence: whatever escapes an endpoint, and every empty error status (unknown
/// route, wrong method), is answered with JSON carrying a machine-readable code, in every
/// environment. Exception text never reaches a client (ASP.NET Core's developer exception page would
/// show a stack trace in Development); operators find the failure in the log by its <c>traceId</c>.
/// </summary>
public static class ErrorResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication UseMetricsErrorResponses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleExceptionAsync });
        app.UseStatusCodePages(context => WriteEmptyStatusAsync(context.HttpContext));
        return app;
    }

    /// <summary>What a failure means for the client: status, code and a sentence that reveals nothing internal.</summary>
    public static (int Status, string Code, string Message) Classify(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge, "The request body is too large."),
        BadHttpRequestException bad =>
            (bad.StatusCode, ErrorCodes.BadRequest, "The request is malformed (HTTP framing or body): it could not be read to the end."),
        AuditUnavailableError audit => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.AuditUnavailable, audit.Message),
        _ when DatabaseFailure.IsUnavailable(exception) =>
            (StatusCodes.Status503ServiceUnavailable, ErrorCodes.DatabaseUnavailable, DatabaseUnavailableMessage),
        _ => (StatusCodes.Status500InternalServerError, ErrorCodes.Internal, InternalMessage),
    };

    public const string InternalMessage = "An internal error occurred. Report the traceId to the operators.";

    public const string DatabaseUnavailableMessage =
        "The database cannot be reached right now, so the request was not completed. Try again later; replaying an ingestion is safe.";

    public static string? TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http?.TraceIdentifier;

    private static async Task HandleExceptionAsync(HttpContext http)
    {
        var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; there is nobody to answer
        }

        var (status, code, message) = Classify(exception);
        await WriteAsync(http, status, code, message).ConfigureAwait(false);
    }

    private static Task WriteEmptyStatusAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorCodes.NotFound, "There is nothing at this address. The API is at /graphql (and /ingest/events for producers)."),
            StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, "This address does not accept this HTTP method."),
            StatusCodes.Status413PayloadTooLarge => (ErrorCodes.RequestTooLarge, "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.UnsupportedMediaType, "The content type is not supported here."),
            >= 500 => (ErrorCodes.Internal, InternalMessage),
            _ => (ErrorCodes.BadRequest, "The request was refused."),
        };
        return WriteAsync(http, status, code, message);
    }

    /// <summary>GraphQL's error shape at /graphql, <c>{ "error": { code, message } }</c> everywhere else (as /ingest/events answers).</summary>
    private static async Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        var traceId = status >= 500 ? TraceId(http) : null;
        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        object body = http.Request.Path.StartsWithSegments(GraphQLRegistration.Path, StringComparison.OrdinalIgnoreCase)
            ? new { errors = new[] { new { message, extensions = new { code, traceId } } } }
            : new { error = new { code, message, traceId } };
        await JsonSerializer.SerializeAsync(http.Response.Body, body, Json, http.RequestAborted).ConfigureAwait(false);
    }
}
