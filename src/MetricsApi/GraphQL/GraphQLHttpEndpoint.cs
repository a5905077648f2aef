using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using MetricsApi.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MetricsApi.GraphQL;

/// <summary>
/// The GraphQL-over-HTTP endpoint at <c>/graphql</c>: GET (queries only) and POST, media type
/// negotiation, status codes per the spec, bearer authentication for every operation, and GraphiQL
/// for browsers. GraphQL.Server is not available, so this is ours; graphql-http's audits check it.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    GraphQLHttpRequestReader reader,
    IOptions<GraphQLEndpointOptions> options,
    IWebHostEnvironment environment,
    ILogger<GraphQLHttpEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var accept = http.Request.GetTypedHeaders().Accept;
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteProblemAsync(http, MediaTypes.Json, new HttpProblem(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Use GET or POST.")).ConfigureAwait(false);
            return;
        }

        if (isGet && MediaTypes.WantsHtml(accept))
        {
            await ServeGraphiQLAsync(http).ConfigureAwait(false);
            return;
        }

        var mediaType = MediaTypes.Negotiate(accept);
        if (mediaType is null)
        {
            await WriteProblemAsync(http, MediaTypes.Json, new HttpProblem(StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"Accept one of {MediaTypes.GraphQLResponse} or {MediaTypes.Json}.")).ConfigureAwait(false);
            return;
        }

        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!authentication.Succeeded || authentication.Principal.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = http.Request.Headers.Authorization.Count == 0
                ? "Bearer"
                : "Bearer error=\"invalid_token\"";
            var reason = http.Request.Headers.Authorization.Count == 0
                ? "Authentication is required: send 'Authorization: Bearer <token>'."
                : "The bearer token is invalid, expired or not meant for this API.";
            await WriteProblemAsync(http, mediaType, new HttpProblem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, reason)).ConfigureAwait(false);
            return;
        }

        http.User = authentication.Principal;
        var limits = options.Value;
        var (request, problem) = await reader.ReadAsync(http.Request, limits.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            await WriteProblemAsync(http, mediaType, problem).ConfigureAwait(false);
            return;
        }

        GraphQLDocument document;
        try
        {
            document = Parser.Parse(request!.Query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = 128 });
        }
        catch (GraphQLParserException ex)
        {
            var status = mediaType == MediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            await WriteProblemAsync(http, mediaType, new HttpProblem(status, ErrorCodes.ParseFailed, ex.Message)).ConfigureAwait(false);
            return;
        }

        if (!await DocumentText.IsStorableAsync(document, http.RequestAborted).ConfigureAwait(false))
        {
            await WriteProblemAsync(http, mediaType, GraphQLHttpRequestReader.InvalidEncoding()).ConfigureAwait(false);
            return;
        }

        var operation = SelectOperation(document, request.OperationName);
        if (operation?.Operation is OperationType.Subscription)
        {
            // The schema has no subscription root and this endpoint no streaming transport.
            await WriteProblemAsync(http, mediaType, new HttpProblem(StatusCodes.Status400BadRequest, ErrorCodes.SubscriptionsNotSupported,
                "Subscriptions are not supported: use a query or a mutation.")).ConfigureAwait(false);
            return;
        }

        if (isGet && operation?.Operation is OperationType.Mutation or OperationType.Subscription)
        {
            http.Response.Headers.Allow = "POST";
            await WriteProblemAsync(http, mediaType, new HttpProblem(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                "Mutations are only accepted over POST.")).ConfigureAwait(false);
            return;
        }

        http.RequestServices.GetRequiredService<AuditActor>()
            .UsePrincipal(http.User, request.OperationName ?? operation?.Name?.StringValue, request.Query);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = http.User,
            RequestServices = http.RequestServices,
            CancellationToken = http.RequestAborted,
        }).ConfigureAwait(false);
        result = await AuditDenialsAsync(http, result).ConfigureAwait(false);
        LogFailures(result);
        result = FailClosedWithoutAudit(result);
        ReportCost(http, result);

        http.Response.StatusCode = StatusFor(result, mediaType);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>What the request asked for in points and the budget, in every executed response's <c>extensions.cost</c>.</summary>
    private static void ReportCost(HttpContext http, ExecutionResult result)
    {
        var cost = http.RequestServices.GetRequiredService<Releases.Read.QueryCost>();
        result.Extensions ??= [];
        result.Extensions["cost"] = new Dictionary<string, object?>
        {
            ["points"] = cost.Points,
            ["budget"] = cost.Budget > 0 ? cost.Budget : null,
            ["fields"] = cost.Fields,
        };
    }

    /// <summary>
    /// Requests the authorization rule refused are recorded as one DENIED entry naming the refused
    /// elements. If that record cannot be written, the response says so instead.
    /// </summary>
    private static async Task<ExecutionResult> AuditDenialsAsync(HttpContext http, ExecutionResult result)
    {
        var denials = result.Errors?.OfType<AccessDeniedError>().ToList() ?? [];
        if (denials.Count == 0)
        {
            return result;
        }

        try
        {
            await http.RequestServices.GetRequiredService<AuditLog>().AppendAsync(
                new AuditRecord(AuditActions.Denied, AuditDecisions.Denied)
                {
                    Target = string.Join(',', denials.Select(d => d.Element).Distinct()),
                    RuleCodes = ["ROLE_REQUIRED"],
                },
                http.RequestAborted).ConfigureAwait(false);
            return result;
        }
        catch (AuditUnavailableError error)
        {
            return new ExecutionResult { Executed = false, Errors = [error] };
        }
    }

    /// <summary>
    /// Clients only see a code and a traceId for failures nobody meant; the exception goes to the
    /// log under the same traceId, where operators look it up.
    /// </summary>
    private void LogFailures(ExecutionResult result)
    {
        foreach (var error in result.Errors ?? [])
        {
            var code = MetricsErrorInfoProvider.Classify(error);
            if (code is ErrorCodes.Internal or ErrorCodes.DatabaseUnavailable)
            {
                logger.LogError(error.InnerException, "GraphQL request failed with {Code} at {Path} (traceId {TraceId})",
                    code, error.Path is null ? null : string.Join('.', error.Path), System.Diagnostics.Activity.Current?.TraceId.ToString());
            }
        }
    }

    /// <summary>
    /// Invariant 6: when any audit write of the request failed, no data leaves, whatever else resolved.
    /// </summary>
    private static ExecutionResult FailClosedWithoutAudit(ExecutionResult result)
    {
        var auditErrors = result.Errors?.Where(e => MetricsErrorInfoProvider.Classify(e) == ErrorCodes.AuditUnavailable).ToList();
        if (auditErrors is not { Count: > 0 })
        {
            return result;
        }

        return new ExecutionResult { Executed = false, Errors = [new AuditUnavailableError()] };
    }

    /// <summary>
    /// With application/json every well-formed request gets 200 (the spec's legacy behaviour). With
    /// application/graphql-response+json a request that never executed gets 400, or 403 when the only
    /// reason is that the caller's roles do not allow what it asked for.
    /// </summary>
    private static int StatusFor(ExecutionResult result, string mediaType)
    {
        if (result.Errors?.Any(e => MetricsErrorInfoProvider.Classify(e) is ErrorCodes.AuditUnavailable or ErrorCodes.DatabaseUnavailable) == true)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        if (mediaType != MediaTypes.GraphQLResponse || result.Executed)
        {
            return StatusCodes.Status200OK;
        }

        return result.Errors is { Count: > 0 } errors && errors.All(e => e.Code == ErrorCodes.Forbidden)
            ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
    }

    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private async Task WriteProblemAsync(HttpContext http, string mediaType, HttpProblem problem)
    {
        http.Response.StatusCode = problem.Status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult
        {
            Executed = false,
            Errors = [new MetricsApiError(problem.Code, problem.Message)],
        };
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeGraphiQLAsync(HttpContext http)
    {
        var page = environment.WebRootFileProvider.GetFileInfo("graphiql/index.html");
        if (!page.Exists)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        await http.Response.SendFileAsync(page, http.RequestAborted).ConfigureAwait(false);
    }
}
