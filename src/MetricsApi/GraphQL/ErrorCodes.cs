namespace MetricsApi.GraphQL;

/// <summary>The machine-readable <c>extensions.code</c> values clients can rely on (PRODUCT.md §8).</summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string PurposeNotAllowed = "PURPOSE_NOT_ALLOWED";
    public const string OutOfScope = "OUT_OF_SCOPE";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidEncoding = "INVALID_ENCODING";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";
    public const string SubscriptionsNotSupported = "SUBSCRIPTIONS_NOT_SUPPORTED";
}
