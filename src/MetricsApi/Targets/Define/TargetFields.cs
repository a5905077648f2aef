using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.GraphQL;

namespace MetricsApi.Targets.Define;

/// <summary>Adds <c>targets</c> and <c>target</c> to the query root and the target lifecycle to the mutation root.</summary>
public static class TargetFields
{
    public const int MaxPageSize = 200;
    private const string CursorPrefix = "target";

    public static void AddTargetQueries(this ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<TargetConnectionType>>("targets")
            .Description("The targets you may see, ordered by key (never by progress): those for units in your scope, or every target for Analysts, Auditors and PrivacyOfficers. Definitions only; read progress with `targetProgress`.")
            .Argument<IntGraphType>("first", "Page size, 1 to 200 (default 50).")
            .Argument<StringGraphType>("after", "Cursor to continue after (`pageInfo.endCursor`).")
            .Argument<TargetFilterInputType>("where", "Filter.")
            .ResolveAsync(async c =>
            {
                var size = c.GetArgument<int?>("first") ?? 50;
                if (size is < 1 or > MaxPageSize)
                {
                    throw new MetricsApiError(ErrorCodes.BadUserInput, $"'first' must be between 1 and {MaxPageSize}.", new Dictionary<string, object?> { ["field"] = "first" });
                }

                var found = await c.RequestServices!.GetRequiredService<TargetReader>()
                    .ListAsync(c.User!, c.GetArgument<TargetFilter?>("where") ?? new TargetFilter(), c.CancellationToken).ConfigureAwait(false);
                var after = c.GetArgument<string?>("after") is { } cursor ? Cursors.Decode(CursorPrefix, cursor, "targets") : null;
                var rest = after is null ? found : found.Where(t => string.CompareOrdinal(t.Key, after) > 0).ToList();
                return Cursors.Page(rest, size, found.Count, after is not null, t => Cursors.Encode(CursorPrefix, t.Key));
            });

        query.Field<NonNullGraphType<TargetType>>("target")
            .Description("One target by key, with its versions; `NOT_FOUND` when there is none or you may not see it (the same answer).")
            .Argument<NonNullGraphType<StringGraphType>>("key", "The target key.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<TargetReader>()
                .GetAsync(c.User!, c.GetArgument<string>("key"), c.CancellationToken).ConfigureAwait(false));
    }

    public static void AddTargetMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        Step(mutation, "createTarget",
            "Sets a new target (version 1). `Leader` (for units they lead) or `Analyst` (anywhere). Only OUTCOME and ADOPTION metrics: an ACTIVITY metric is refused (invariant 5), so is SENTIMENT; an ADOPTION target is refused for a single team or a unit of fewer than `Targets:MinTeamsForAdoptionTargets` teams, and waits for a PrivacyOfficer's approval. Refusals are BAD_USER_INPUT (field and rule in extensions) or OUT_OF_SCOPE, audited as DENIED; the change is audited as TARGET_CHANGE.",
            [Roles.Leader, Roles.Analyst],
            a => a.Argument<NonNullGraphType<TargetInputType>>("input", "The target."),
            (s, c) => s.CreateAsync(c.GetArgument<TargetInput>("input"), c.User!, c.CancellationToken));
        Step(mutation, "reviseTarget",
            "Writes the next version of a target (same rules as `createTarget`, `reason` required). An OUTCOME revision is in force at once; an ADOPTION revision once approved, the version in force staying until then. Refused while a version awaits approval or after retirement (`INVALID_TRANSITION`). `Leader` (for units they lead) or `Analyst`.",
            [Roles.Leader, Roles.Analyst],
            a => a.Argument<NonNullGraphType<TargetInputType>>("input", "The target in full, with its key and a `reason`."),
            (s, c) => s.ReviseAsync(c.GetArgument<TargetInput>("input"), c.User!, c.CancellationToken));
        Step(mutation, "approveTarget",
            "Approves the version of an ADOPTION target that awaits approval, which puts it in force. `PrivacyOfficer` only, never the author (`SELF_APPROVAL_NOT_ALLOWED`); the unit-size rule is decided again.",
            [Roles.PrivacyOfficer],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The target key.").Argument<StringGraphType>("comment", "What the approver says."),
            (s, c) => s.ApproveAsync(c.GetArgument<string>("key"), c.User!, c.GetArgument<string?>("comment"), c.CancellationToken));
        Step(mutation, "rejectTarget",
            "Rejects the version that awaits approval, with a reason; the version in force before it (if any) stays. `PrivacyOfficer` only.",
            [Roles.PrivacyOfficer],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The target key.").Argument<NonNullGraphType<StringGraphType>>("reason", "Why, for the author and the record."),
            (s, c) => s.RejectAsync(c.GetArgument<string>("key"), c.User!, c.GetArgument<string>("reason"), c.CancellationToken));
        Step(mutation, "retireTarget",
            "Withdraws a target (a final RETIRED version); its progress is no longer read. `Leader` (for units they lead) or `Analyst`.",
            [Roles.Leader, Roles.Analyst],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The target key.").Argument<NonNullGraphType<StringGraphType>>("reason", "Why, for the record."),
            (s, c) => s.RetireAsync(c.GetArgument<string>("key"), c.User!, c.GetArgument<string>("reason"), c.CancellationToken));
    }

    private static void Step(ObjectGraphType mutation, string name, string description, string[] roles,
        Action<FieldBuilder<object?, TargetVersionView>> arguments, Func<TargetService, IResolveFieldContext<object?>, Task<TargetVersion>> run)
    {
        var field = mutation.Field<NonNullGraphType<TargetVersionType>, TargetVersionView>(name).Description(description).AuthorizeWithRoles(roles);
        arguments(field);
        field.ResolveAsync(async c =>
        {
            var version = await run(c.RequestServices!.GetRequiredService<TargetService>(), c).ConfigureAwait(false);
            return await c.RequestServices!.GetRequiredService<TargetReader>().ViewAsync(version, c.CancellationToken).ConfigureAwait(false);
        });
    }
}
