using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Access.Scope;

namespace MetricsApi.Features.Viewer;

/// <summary>Adds <c>viewer</c> to the query root. It reads nothing governed, so it is not audited.</summary>
public static class ViewerQueries
{
    public static void AddViewerQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<ViewerType>>("viewer")
            .Description("The authenticated caller. Every role may ask.")
            .ResolveAsync(async ctx =>
            {
                var user = ctx.User ?? throw new InvalidOperationException("The endpoint only executes authenticated requests.");
                var scope = await ctx.RequestServices!.GetRequiredService<ScopeResolver>()
                    .ResolveAsync(user, on: null, ctx.CancellationToken).ConfigureAwait(false);
                return new Viewer(user.GetRequiredObjectId(), user.GetDisplayName(), user.GetKnownRoles(), scope);
            });
    }
}
