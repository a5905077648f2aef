using GraphQL;

namespace MetricsApi.GraphQL;

/// <summary>One GraphQL-over-HTTP request after its parameters were read and type-checked.</summary>
public sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions);

/// <summary>A request the endpoint refuses before GraphQL sees it, with the HTTP status to use.</summary>
public sealed record HttpProblem(int Status, string Code, string Message);
