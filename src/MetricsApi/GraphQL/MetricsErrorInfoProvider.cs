using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQL.Validation.Errors.Custom;
using MetricsApi.Data;
using MetricsApi.Hosting;

namespace MetricsApi.GraphQL;

/// <summary>
/// Shapes every GraphQL error as <c>{ message, locations, path, extensions: { code } }</c> with a
/// code from <see cref="ErrorCodes"/>. Exception details never reach the client, in any environment
/// (they go to the log): a stack trace in a response is a map of the server for an attacker, and a
/// client cannot act on it anyway. <c>extensions.traceId</c> links an internal error to the log.
/// </summary>
public sealed class MetricsErrorInfoProvider : IErrorInfoProvider
{

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);
        var code = Classify(executionError);
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (executionError.Extensions is not null)
        {
            foreach (var (key, value) in executionError.Extensions)
            {
                extensions.TryAdd(key, value);
            }
        }

        var message = executionError.Message;
        if (code == ErrorCodes.Internal)
        {
            extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString();
            message = ErrorResponses.InternalMessage;
        }
        else if (code == ErrorCodes.DatabaseUnavailable)
        {
            message = ErrorResponses.DatabaseUnavailableMessage;
        }
        else if (code == ErrorCodes.AuditUnavailable)
        {
            message = new Features.Audit.AuditUnavailableError().Message;
        }

        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    public static string Classify(ExecutionError error) => error switch
    {
        MetricsApiError { Code: { } code } => code,
        ComplexityError => ErrorCodes.QueryTooComplex,
        SyntaxError => ErrorCodes.ParseFailed,
        InvalidVariableError or ArgumentsOfCorrectTypeError or ProvidedNonNullArgumentsError
            or InvalidLiteralError or InvalidValueError => ErrorCodes.BadUserInput,
        ValidationError { Code: ErrorCodes.Forbidden } => ErrorCodes.Forbidden,
        ValidationError { Code: ErrorCodes.QueryTooComplex } => ErrorCodes.QueryTooComplex,
        DocumentError => ErrorCodes.ValidationFailed,
        RequestError => ErrorCodes.BadRequest,
        UnhandledError { InnerException: MetricsApiError inner } => inner.Code ?? ErrorCodes.Internal,
        UnhandledError unhandled => Unhandled(unhandled.InnerException),
        _ => ErrorCodes.Internal,
    };

    /// <summary>An exception no resolver meant: an audit failure wrapped on its way out, the database being down, or a bug.</summary>
    private static string Unhandled(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MetricsApiError { Code: ErrorCodes.AuditUnavailable })
            {
                return ErrorCodes.AuditUnavailable;
            }
        }

        return DatabaseFailure.IsUnavailable(exception) ? ErrorCodes.DatabaseUnavailable : ErrorCodes.Internal;
    }
}
