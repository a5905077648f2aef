using GraphQLParser.AST;
using GraphQLParser.Visitors;
using MetricsApi.Data;

namespace MetricsApi.GraphQL;

/// <summary>
/// Finds string literals in a parsed document that no provider can store alike: the parser decodes
/// escapes such as <c>"\u0000"</c> and <c>"\ud800"</c> into the value, so the JSON body was clean
/// and the problem only appears here.
/// </summary>
public static class DocumentText
{
    public static async ValueTask<bool> IsStorableAsync(GraphQLDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = new Context(cancellationToken);
        await new StringLiteralVisitor().VisitAsync(document, context).ConfigureAwait(false);
        return context.Storable;
    }

    private sealed class Context(CancellationToken cancellationToken) : IASTVisitorContext
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public bool Storable { get; set; } = true;
    }

    private sealed class StringLiteralVisitor : ASTVisitor<Context>
    {
        protected override ValueTask VisitStringValueAsync(GraphQLStringValue stringValue, Context context)
        {
            if (!StorableText.IsValid(stringValue.Value.Span))
            {
                context.Storable = false;
            }

            return default;
        }
    }
}
