using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Publish;

/// <summary>Adds <c>releaseStatus</c> (stewards, privacy officers, auditors) and <c>reviseRelease</c> (MetricSteward).</summary>
public static class ReleaseFields
{
    public static void AddReleaseQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReleaseStatusType>>>>("releaseStatus")
            .Description("Where every published metric (or one) stands for each period of a range: released (naming the release), pending (build or backfill under way), not yet releasable, or outside retention; and whether a revision waits. For following a backfill after a publication or a policy change. No values.")
            .Argument<StringGraphType>("metric", "One metric key (default: every published metric read at the grain).")
            .Argument<NonNullGraphType<GrainType>>("grain", "WEEK or MONTH.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("from", "First day wanted; widened to its period.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("to", "Last day wanted; widened to its period.")
            .AuthorizeWithRoles(Roles.MetricSteward, Roles.PrivacyOfficer, Roles.Auditor)
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<ReleaseStatusReader>().ReadAsync(
                c.GetArgument<string?>("metric"), c.GetArgument<string>("grain"), c.GetArgument<DateOnly>("from"), c.GetArgument<DateOnly>("to"), c.CancellationToken).ConfigureAwait(false));
    }

    public static void AddReleaseMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<RevisionRequestType>>("reviseRelease")
            .Description("Asks for a released period to be revised with the data that arrived after its cut-off (late events, late HR records). The builder admits a late person's records only where the change of every cell they touch rests on 0 or at least k people; the rest keep their released values. Every current metric's release of the period gets a new revision; the earlier one stays, immutable. `MetricSteward` only; audited as RELEASE_REVISION. Asking again while one waits returns the waiting request.")
            .Argument<NonNullGraphType<GrainType>>("grain", "WEEK or MONTH.")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("periodStart", "First day of the released period.")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why, for the record.")
            .AuthorizeWithRoles(Roles.MetricSteward)
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<RevisionRequests>().RequestAsync(
                c.User!, c.GetArgument<string>("grain"), c.GetArgument<DateOnly>("periodStart"), c.GetArgument<string>("reason"), c.CancellationToken).ConfigureAwait(false));
    }
}
