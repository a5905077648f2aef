using GraphQL.Types;
using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Disclosure;

namespace MetricsApi.Releases.Read;

/// <summary>Input of the periods a read covers.</summary>
public sealed class PeriodInputType : InputObjectGraphType
{
    public PeriodInputType()
    {
        Name = "PeriodInput";
        Description = "Aligned periods: `from` and `to` (inclusive days, UTC) are widened to whole ISO weeks or calendar months of `grain`. Arbitrary windows are never evaluated (they could be subtracted from each other to isolate a few people). At most 260 periods; the last one must have started.";
        Field<NonNullGraphType<GrainType>>("grain").Description("WEEK (ISO weeks, Monday to Sunday) or MONTH (calendar months); must be one of the metric's grains.");
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("First day wanted; the period containing it is the first one.");
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("Last day wanted; the period containing it is the last one.");
    }
}

/// <summary>Why a point has no value.</summary>
public sealed class SuppressionReasonType() : DescribedEnumType("SuppressionReason", "Why a point's value is withheld. A suppressed point is not an error.",
    (SuppressionReasons.BelowMinGroupSize, "The group had fewer people than the minimum group size in the period (or a value derived from such a group's). Whether few people contributed in a larger group is never told apart from other reasons: see COMPLEMENTARY."),
    (SuppressionReasons.Complementary, "Hidden by disclosure control in a group of at least the minimum size: too few people contributed, one person dominates the sum, too few people differ from the rest of the group (\"all but two\"), or the cell covers another hidden one so it cannot be worked out from totals, bounds and other releases. Which of these is deliberately not said: the distinction would itself narrow the hidden value. Also when an input of this value is hidden."),
    (SuppressionReasons.PeriodIncomplete, "The period has not ended yet: group values are served once it has, because a running period's value changes as events arrive and two reads a day apart would isolate one day's activity of a few people. Your own values (`viewer { usage }`) include the running period."),
    (SuppressionReasons.ReleasePending, "The period has ended but its release is not built yet: values are published once per period, after a grace for late telemetry (`Releases:GraceDays`), and after a new metric or policy version once its releases are rebuilt. `releaseStatus` shows progress."),
    (SuppressionReasons.OutsideRetention, "The period lies outside the release window: before retention (`Releases:RetentionMonths`), or it ended before the first event the service holds. No release is built for it."));

/// <summary>GraphQL shape of <see cref="MetricPoint"/>.</summary>
public sealed class MetricPointType : ObjectGraphType<MetricPoint>
{
    public MetricPointType()
    {
        Name = "MetricPoint";
        Description = "A metric's value for one group, one period and (when split) one dimension value.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's org unit id (as `scope` takes it).").Resolve(c => c.Source.Group.ExternalId);
        Field<NonNullGraphType<StringGraphType>>("groupName").Description("The group's display name.").Resolve(c => c.Source.Group.Name);
        Field<NonNullGraphType<GroupLevelType>>("groupLevel").Description("TEAM, ORG or COMPANY.").Resolve(c => c.Source.Group.Kind);
        Field<StringGraphType>("dimensionValue").Description("The dimension value of this point (e.g. a tool) when the series is split; null otherwise.").Resolve(c => c.Source.DimensionValue);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("First day of the period (UTC).").Resolve(c => c.Source.Period.Start);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodEnd").Description("Last day of the period (UTC, inclusive).").Resolve(c => c.Source.Period.LastDay);
        Field<NonNullGraphType<BooleanGraphType>>("complete").Description("False while the period is still running: its value can still change.").Resolve(c => c.Source.Complete);
        Field<FloatGraphType>("value").Description("The value (rounded to 6 decimal places); null when suppressed, or when it is undefined (a median of nothing, a ratio over zero).").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<BooleanGraphType>>("suppressed").Description("True when the value is withheld by policy; see `suppressionReason`.").Resolve(c => c.Source.Suppressed);
        Field<SuppressionReasonType>("suppressionReason").Description("Why the value is withheld; null when it is not.").Resolve(c => c.Source.SuppressionReason);
        Field<IdGraphType>("releaseId").Description("The release this value comes from (see `provenance.releases`); null for a period not released yet or still running.").Resolve(c => c.Source.Release?.Id);
        Field<StringGraphType>("peopleBucket").Description("The group's headcount in the period (distinct people with a membership overlapping it) as a bucket: `5-9`, `10-19`, `20-49`, `50-99`, `100-249`, `250-999`, `1000+`; null when the point is suppressed. Exact headcounts are never served: next to the buckets of the groups around it, an exact one would give hidden groups' sizes by subtraction.")
            .Resolve(c => c.Source.People is { } people ? PeopleBuckets.For(people) : null);
    }
}

/// <summary>GraphQL shape of <see cref="Provenance"/>.</summary>
public sealed class ProvenanceType : ObjectGraphType<Provenance>
{
    public ProvenanceType()
    {
        Name = "Provenance";
        Description = "Where a series' values came from and how to read their sums.";
        Field<NonNullGraphType<IntGraphType>>("metricVersion").Description("The definition version that produced the values.").Resolve(c => c.Source.MetricVersion);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Description("The policy version that decided the read.").Resolve(c => c.Source.PolicyVersion);
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("The minimum group size (k) applied to these values.").Resolve(c => c.Source.MinGroupSize);
        Field<NonNullGraphType<DateTimeGraphType>>("computedAt").Description("When the newest release served was built (UTC); for your own usage, when it was computed.").Resolve(c => c.Source.ComputedAt);
        Field<NonNullGraphType<IntGraphType>>("pointsSuppressed").Description("How many points of this series are withheld.").Resolve(c => c.Source.PointsSuppressed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReleaseInfoType>>>>("releases").Description("Every release the values come from, one per period served, oldest first: values are never computed at read time.").Resolve(c => c.Source.Releases);
        Field<StringGraphType>("reconciliation").Description("Why group values do not add up to their parent (suppressed groups, people in several teams, non-additive aggregations); null when they add up as they look.").Resolve(c => c.Source.Reconciliation);
    }
}

/// <summary>GraphQL shape of <see cref="MetricSeries"/>.</summary>
public sealed class MetricSeriesType : ObjectGraphType<MetricSeries>
{
    public MetricSeriesType()
    {
        Name = "MetricSeries";
        Description = "A metric's values for groups and periods, read through policy: small groups suppressed, guardrails attached, provenance stated. Points are in tree, period and dimension order; values are never ranked.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.Version.MetricKey);
        Field<NonNullGraphType<StringGraphType>>("name").Description("The metric's name.").Resolve(c => c.Source.Version.Name);
        Field<NonNullGraphType<MetricKindType>>("kind").Description("The metric's kind.").Resolve(c => c.Source.Version.Kind);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit of the values.").Resolve(c => c.Source.Version.Unit);
        Field<NonNullGraphType<IntGraphType>>("version").Description("The definition version evaluated.").Resolve(c => c.Source.Version.Number);
        Field<NonNullGraphType<PurposeType>>("purpose").Description("The purpose declared for the read.").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<GrainType>>("grain").Description("The period length.").Resolve(c => c.Source.Grain);
        Field<NonNullGraphType<GroupLevelType>>("groupBy").Description("The group level.").Resolve(c => c.Source.GroupBy);
        Field<StringGraphType>("dimension").Description("The dimension the points are split by; null when not split.").Resolve(c => c.Source.Dimension);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricPointType>>>>("points").Description("One point per group, period and dimension value.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricSeriesType>>>>("guardrails")
            .Description("The guardrail (OUTCOME) metrics' series for the same groups and periods, evaluated under the same decision; always present for ACTIVITY and ADOPTION metrics (invariant 5).")
            .Resolve(c => c.Source.Guardrails);
        Field<NonNullGraphType<ProvenanceType>>("provenance").Description("Versions, time and how to reconcile the values.").Resolve(c => c.Source.Provenance);
    }
}

/// <summary>GraphQL shape of <see cref="UsagePoint"/>.</summary>
public sealed class UsagePointType : ObjectGraphType<UsagePoint>
{
    public UsagePointType()
    {
        Name = "UsagePoint";
        Description = "Your own value for one period (and dimension value).";
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("First day of the period (UTC).").Resolve(c => c.Source.Period.Start);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodEnd").Description("Last day of the period (UTC, inclusive).").Resolve(c => c.Source.Period.LastDay);
        Field<NonNullGraphType<BooleanGraphType>>("complete").Description("False while the period is still running.").Resolve(c => c.Source.Complete);
        Field<StringGraphType>("dimensionValue").Description("The dimension value when split; null otherwise.").Resolve(c => c.Source.DimensionValue);
        Field<FloatGraphType>("value").Description("Your value (rounded to 6 decimal places); null when undefined (e.g. a ratio over zero).").Resolve(c => c.Source.Value);
    }
}

/// <summary>GraphQL shape of <see cref="UsageSeries"/>.</summary>
public sealed class UsageSeriesType : ObjectGraphType<UsageSeries>
{
    public UsageSeriesType()
    {
        Name = "UsageSeries";
        Description = "Your own values of a metric, for SELF_REFLECTION: computed from your events only, visible to you only.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.Version.MetricKey);
        Field<NonNullGraphType<StringGraphType>>("name").Description("The metric's name.").Resolve(c => c.Source.Version.Name);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit of the values.").Resolve(c => c.Source.Version.Unit);
        Field<NonNullGraphType<IntGraphType>>("version").Description("The definition version evaluated.").Resolve(c => c.Source.Version.Number);
        Field<NonNullGraphType<PurposeType>>("purpose").Description("Always SELF_REFLECTION.").Resolve(_ => Purposes.SelfReflection);
        Field<NonNullGraphType<GrainType>>("grain").Description("The period length.").Resolve(c => c.Source.Grain);
        Field<StringGraphType>("dimension").Description("The dimension the points are split by; null when not split.").Resolve(c => c.Source.Dimension);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UsagePointType>>>>("points").Description("One point per period (and dimension value you have events for).").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<ProvenanceType>>("provenance").Description("Versions and time.").Resolve(c => c.Source.Provenance);
    }
}

/// <summary>GraphQL shape of an access explanation.</summary>
public sealed class AccessExplanationType : ObjectGraphType<AccessExplanation>
{
    public AccessExplanationType()
    {
        Name = "AccessExplanation";
        Description = "What policy would decide for a read of metric values, and why, without evaluating any value.";
        Field<NonNullGraphType<BooleanGraphType>>("allowed").Description("Whether the read would be served.").Resolve(c => c.Source.Decision.Allowed);
        Field<NonNullGraphType<Features.Audit.AuditDecisionType>>("decision").Description("ALLOWED or DENIED (points may still be suppressed per group at read time).")
            .Resolve(c => c.Source.Decision.Allowed ? Features.Audit.AuditDecisions.Allowed : Features.Audit.AuditDecisions.Denied);
        Field<StringGraphType>("code").Description("The error code the read would get when denied: PURPOSE_NOT_ALLOWED, OUT_OF_SCOPE or NOT_FOUND.").Resolve(c => c.Source.Decision.ErrorCode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("ruleCodes").Description("The rules that made the decision.").Resolve(c => c.Source.Decision.RuleCodes);
        Field<NonNullGraphType<StringGraphType>>("explanation").Description("A sentence for people.").Resolve(c => c.Source.Decision.Explanation);
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("The group size values would need.").Resolve(c => c.Source.Decision.MinGroupSize);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Description("The policy version that decided.").Resolve(c => c.Source.Decision.PolicyVersion);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("guardrails").Description("Guardrail metrics returned with the values.").Resolve(c => c.Source.Guardrails);
    }
}

/// <summary>GraphQL shape of <see cref="ReleaseInfo"/>.</summary>
public sealed class ReleaseInfoType : ObjectGraphType<ReleaseInfo>
{
    public ReleaseInfoType()
    {
        Name = "ReleaseInfo";
        Description = "A release: the immutable, disclosure-controlled table of one metric version for one period under one policy version, built once after the period closed. Every value served comes from one.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The release id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.MetricKey);
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("First day of the period released (UTC).").Resolve(c => c.Source.PeriodStart);
        Field<NonNullGraphType<IntGraphType>>("metricVersion").Description("The definition version released.").Resolve(c => c.Source.MetricVersion);
        Field<NonNullGraphType<IntGraphType>>("policyVersion").Description("The policy version whose disclosure rules the release applied.").Resolve(c => c.Source.PolicyVersion);
        Field<NonNullGraphType<IntGraphType>>("revision").Description("1 for the first release of the period under this metric and policy version; higher after a revision by a MetricSteward.").Resolve(c => c.Source.Revision);
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("The minimum group size (k) the release's cells were suppressed with.").Resolve(c => c.Source.MinGroupSize);
        Field<NonNullGraphType<DateTimeGraphType>>("builtAt").Description("When the release was built (UTC).").Resolve(c => c.Source.BuiltAt);
        Field<NonNullGraphType<DateTimeGraphType>>("dataCutoff").Description("Data received after this instant (UTC) is not in the release.").Resolve(c => c.Source.DataCutoff);
        Field<NonNullGraphType<IntGraphType>>("lateRecords").Description("Records of the period (events, memberships) that arrived after the cut-off and are not in the release: stored and counted, applied only by an explicit revision.").Resolve(c => c.Source.LateRecords);
        Field<NonNullGraphType<DateTimeGraphType>>("lateRecordsCountedAt").Description("Records received up to this instant (UTC) are counted in `lateRecords`.").Resolve(c => c.Source.LateCountedUpTo);
    }
}
