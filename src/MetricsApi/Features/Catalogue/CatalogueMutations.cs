using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Features.Catalogue;

/// <summary>Adds the lifecycle mutations; each is one CATALOGUE_CHANGE audit entry.</summary>
public static class CatalogueMutations
{
    public static void AddCatalogueMutations(this ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        Lifecycle(mutation, "proposeMetric", "Proposes a new metric as version 1 in DRAFT. `MetricSteward` only.", [Roles.MetricSteward],
            a => a.Argument<NonNullGraphType<MetricInputType>>("input", "The metric."),
            (s, c) => s.ProposeAsync(c.GetArgument<MetricInput>("input"), c.User!, c.CancellationToken));
        Lifecycle(mutation, "reviseMetric", "Changes a metric: edits its DRAFT in place, or, when the newest version is published or deprecated, creates the next version as a DRAFT (the published one stays current until the new one is published). Refused while a version is IN_REVIEW. `MetricSteward` only.", [Roles.MetricSteward],
            a => a.Argument<NonNullGraphType<MetricInputType>>("input", "The metric, in full."),
            (s, c) => s.ReviseAsync(c.GetArgument<MetricInput>("input"), c.User!, c.CancellationToken));
        Lifecycle(mutation, "submitMetricForReview", "Moves the DRAFT to IN_REVIEW. `MetricSteward` only.", [Roles.MetricSteward],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The metric key."),
            (s, c) => s.SubmitAsync(c.GetArgument<string>("key"), c.CancellationToken));
        Lifecycle(mutation, "approveMetric", "Approves the version IN_REVIEW, in every approving role the caller holds (MetricSteward, PrivacyOfficer). The author can never approve their own version (`SELF_APPROVAL_NOT_ALLOWED`).", [Roles.MetricSteward, Roles.PrivacyOfficer],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The metric key.").Argument<StringGraphType>("comment", "What the approver says."),
            (s, c) => s.ApproveAsync(c.GetArgument<string>("key"), c.User!, c.GetArgument<string?>("comment"), c.CancellationToken));
        Lifecycle(mutation, "publishMetric", "Publishes the version IN_REVIEW. Needs a MetricSteward's approval other than the author's, and for ACTIVITY, ADOPTION and SENTIMENT metrics also a PrivacyOfficer's (`APPROVAL_MISSING`); metrics it uses must be published. `MetricSteward` only.", [Roles.MetricSteward],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The metric key."),
            (s, c) => s.PublishAsync(c.GetArgument<string>("key"), c.CancellationToken));
        Lifecycle(mutation, "rejectMetric", "Sends the version IN_REVIEW back to DRAFT with a reason; its approvals are withdrawn.", [Roles.MetricSteward, Roles.PrivacyOfficer],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The metric key.").Argument<NonNullGraphType<StringGraphType>>("reason", "Why, for the author and the record."),
            (s, c) => s.RejectAsync(c.GetArgument<string>("key"), c.GetArgument<string>("reason"), c.CancellationToken));
        Lifecycle(mutation, "deprecateMetric", "Deprecates the current published version: it stays readable and names its replacement and sunset date. `MetricSteward` only.", [Roles.MetricSteward],
            a => a.Argument<NonNullGraphType<StringGraphType>>("key", "The metric key.")
                .Argument<NonNullGraphType<StringGraphType>>("replacement", "Key of the metric to use instead.")
                .Argument<NonNullGraphType<DateOnlyGraphType>>("sunsetDate", "Date after which it is no longer served.")
                .Argument<NonNullGraphType<StringGraphType>>("reason", "Why."),
            (s, c) => s.DeprecateAsync(c.GetArgument<string>("key"), c.GetArgument<string>("replacement"), c.GetArgument<DateOnly>("sunsetDate"), c.GetArgument<string>("reason"), c.CancellationToken));
    }

    private static void Lifecycle(ObjectGraphType mutation, string name, string description, string[] roles,
        Action<FieldBuilder<object?, MetricVersion>> arguments, Func<CatalogueService, IResolveFieldContext<object?>, Task<MetricVersion>> run)
    {
        var field = mutation.Field<NonNullGraphType<MetricVersionType>, MetricVersion>(name).Description(description).AuthorizeWithRoles(roles);
        arguments(field);
        field.ResolveAsync(async c => await run(c.RequestServices!.GetRequiredService<CatalogueService>(), c).ConfigureAwait(false));
    }
}
