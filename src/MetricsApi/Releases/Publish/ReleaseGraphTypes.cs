using GraphQL.Types;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Read;

namespace MetricsApi.Releases.Publish;

/// <summary>GraphQL enum of <see cref="ReleaseStates"/>.</summary>
public sealed class ReleaseStateType() : DescribedEnumType("ReleaseState", "Where a metric's period stands on its way to publication.",
    (ReleaseStates.Released, "Released: values are served from its release."),
    (ReleaseStates.Pending, "Releasable but not built yet: a build or a backfill (after a publication or a policy change) is under way; reads say RELEASE_PENDING."),
    (ReleaseStates.NotYetReleasable, "The period has not ended (a month: nor the ISO week holding its last day), or the grace for late telemetry (`Releases:GraceDays`) has not passed."),
    (ReleaseStates.OutsideRetention, "The period lies outside the release window: before retention (`Releases:RetentionMonths`), or it ended before the first event the service holds; it is not released."));

/// <summary>GraphQL shape of <see cref="ReleaseStatus"/>.</summary>
public sealed class ReleaseStatusType : ObjectGraphType<ReleaseStatus>
{
    public ReleaseStatusType()
    {
        Name = "ReleaseStatus";
        Description = "One published metric and one period on their way to publication.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.Metric);
        Field<NonNullGraphType<IntGraphType>>("metricVersion").Description("Its current version, the one releases are built for.").Resolve(c => c.Source.MetricVersion);
        Field<NonNullGraphType<GrainType>>("grain").Description("The period length.").Resolve(c => c.Source.Grain);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("First day of the period (UTC).").Resolve(c => c.Source.Period.Start);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodEnd").Description("Last day of the period (UTC, inclusive).").Resolve(c => c.Source.Period.LastDay);
        Field<NonNullGraphType<ReleaseStateType>>("state").Description("Where it stands.").Resolve(c => c.Source.State);
        Field<ReleaseInfoType>("release").Description("The release values are served from; null unless RELEASED.").Resolve(c => c.Source.Release);
        Field<NonNullGraphType<BooleanGraphType>>("revisionRequested").Description("Whether a revision of the period waits for the builder.").Resolve(c => c.Source.RevisionRequested);
    }
}

/// <summary>GraphQL shape of <see cref="RevisionRequest"/>.</summary>
public sealed class RevisionRequestType : ObjectGraphType<RevisionRequest>
{
    public RevisionRequestType()
    {
        Name = "RevisionRequest";
        Description = "A MetricSteward's request to revise a released period with the data that arrived after its cut-off. The builder admits only late records whose changes could not single anyone out (docs/releases.md).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The request id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<GrainType>>("grain").Description("The period length.").Resolve(c => c.Source.Grain);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("First day of the period revised.").Resolve(c => c.Source.PeriodStart);
        Field<NonNullGraphType<StringGraphType>>("requestedBy").Description("Who asked (display name).").Resolve(c => c.Source.RequestedByName);
        Field<NonNullGraphType<DateTimeGraphType>>("requestedAt").Description("When (UTC).").Resolve(c => DateTime.SpecifyKind(c.Source.RequestedAt, DateTimeKind.Utc));
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why, for the record.").Resolve(c => c.Source.Reason);
        Field<DateTimeGraphType>("doneAt").Description("When the builder wrote the revision (UTC); null while it waits.").Resolve(c => c.Source.DoneAt is { } done ? DateTime.SpecifyKind(done, DateTimeKind.Utc) : null);
    }
}
