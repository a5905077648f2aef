using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQL.Validation.Errors.Custom;

namespace MetricsApi.GraphQL;

/// <summary>
/// Shapes every GraphQL error as <c>{ message, locations, path, extensions: { code } }</c> with a
/// code from <see cref="ErrorCodes"/>. Exception details reach the client only in Development.
/// </summary>
public sealed class MetricsErrorInfoProvider(IHostEnvironment environment) : IErrorInfoProvider
{
    private const string InternalMessage = "An internal error occurred. Report the traceId in extensions to the operators.";

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
            if (environment.IsDevelopment() && executionError.InnerException is { } inner)
            {
                extensions["exception"] = inner.ToString();
            }
            else
            {
                message = InternalMessage;
            }
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
        _ => ErrorCodes.Internal,
    };
}
