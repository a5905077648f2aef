using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Authorization;

namespace MetricsApi.GraphQL;

/// <summary>
/// Enforces the authorization metadata (<c>AuthorizeWithRoles</c>, <c>AuthorizeWithPolicy</c>) put on
/// fields, their parent types, arguments and argument input types, before anything executes. Resolvers
/// therefore never check roles by hand. Only the operation being executed and the fragments it uses
/// are checked; <c>@skip</c>/<c>@include</c> are ignored on purpose, so a refused field stays refused
/// whatever the variables say. Introspection (<c>__schema</c>, <c>__type</c>, <c>__typename</c>) carries
/// no metadata and is open to every authenticated caller.
/// </summary>
public sealed class FieldAuthorizationRule : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new Visitor(context));

    private sealed class Visitor : INodeVisitor
    {
        private readonly ValidationContext _context;
        private readonly HashSet<string> _usedFragments;
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        private bool _active;

        public Visitor(ValidationContext context)
        {
            _context = context;
            _usedFragments = context.Operation is null
                ? []
                : (context.GetRecursivelyReferencedFragments(context.Operation) ?? []).Select(f => f.FragmentName.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        }

        public async ValueTask EnterAsync(ASTNode node, ValidationContext context)
        {
            switch (node)
            {
                case GraphQLOperationDefinition operation:
                    _active = ReferenceEquals(operation, context.Operation);
                    if (_active)
                    {
                        var root = operation.Operation switch
                        {
                            OperationType.Mutation => context.Schema.Mutation,
                            OperationType.Subscription => context.Schema.Subscription,
                            _ => (IGraphType?)context.Schema.Query,
                        };
                        if (root is not null)
                        {
                            await CheckAsync(root, root.Name, node).ConfigureAwait(false);
                        }
                    }

                    break;
                case GraphQLFragmentDefinition fragment:
                    _active = _usedFragments.Contains(fragment.FragmentName.Name.StringValue);
                    break;
                case GraphQLField field when _active:
                    if (field.Name.Value.Span.StartsWith("__"))
                    {
                        break;
                    }

                    if (context.TypeInfo.GetFieldDef() is { } fieldDef && context.TypeInfo.GetParentType() is { } parent)
                    {
                        var parentType = parent.GetNamedType();
                        await CheckAsync(parentType, parentType.Name, field).ConfigureAwait(false);
                        await CheckAsync(fieldDef, $"{parentType.Name}.{fieldDef.Name}", field).ConfigureAwait(false);
                    }

                    break;
                case GraphQLArgument argument when _active:
                    if (context.TypeInfo.GetArgument() is { } argumentDef)
                    {
                        await CheckAsync(argumentDef, $"argument {argumentDef.Name}", argument).ConfigureAwait(false);
                        if (argumentDef.ResolvedType?.GetNamedType() is { } inputType)
                        {
                            await CheckAsync(inputType, inputType.Name, argument).ConfigureAwait(false);
                        }
                    }

                    break;
            }
        }

        public ValueTask LeaveAsync(ASTNode node, ValidationContext context) => default;

        private async ValueTask CheckAsync(IMetadataReader element, string name, ASTNode node)
        {
            if (!element.IsAuthorizationRequired() || _reported.Contains(name))
            {
                return;
            }

            var user = _context.User;
            var roles = element.GetRoles() ?? [];
            var allowed = user?.Identity?.IsAuthenticated == true
                && (roles.Count == 0 || roles.Any(user.IsInRole));
            if (allowed && element.GetPolicies() is { Count: > 0 } policies && _context.RequestServices is { } services)
            {
                var authorization = services.GetRequiredService<IAuthorizationService>();
                foreach (var policy in policies)
                {
                    if (!(await authorization.AuthorizeAsync(user!, policy).ConfigureAwait(false)).Succeeded)
                    {
                        allowed = false;
                        break;
                    }
                }
            }

            if (allowed)
            {
                return;
            }

            _reported.Add(name);
            var requirement = roles.Count == 0 ? "a policy your token does not satisfy" : "one of the roles " + string.Join(", ", roles);
            _context.ReportError(new AccessDeniedError(
                _context.Document.Source,
                $"You are not allowed to use {name}: it requires {requirement}.",
                node,
                name,
                roles.ToArray()));
        }
    }
}
