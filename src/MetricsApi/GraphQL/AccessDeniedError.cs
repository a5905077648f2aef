using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace MetricsApi.GraphQL;

/// <summary>A validation error meaning "authenticated, but your roles do not allow this element".</summary>
public sealed class AccessDeniedError : ValidationError
{
    public AccessDeniedError(ROM source, string message, ASTNode node, string element, IReadOnlyCollection<string> requiredRoles)
        : base(source, "authorization", message, node)
    {
        Code = ErrorCodes.Forbidden;
        Element = element;
        RequiredRoles = requiredRoles;
        Extensions = new Dictionary<string, object?>
        {
            ["element"] = element,
            ["requiredRoles"] = requiredRoles.ToArray(),
        }!;
    }

    /// <summary>The schema element that was refused, e.g. <c>Query.auditLog</c>.</summary>
    public string Element { get; }

    /// <summary>The roles of which the caller would need one.</summary>
    public IReadOnlyCollection<string> RequiredRoles { get; }
}
