using GraphQL.Types;

namespace MetricsApi.Features.Catalogue;

/// <summary>Builds a string-valued GraphQL enum from (name, description) pairs.</summary>
public abstract class DescribedEnumType : EnumerationGraphType
{
    protected DescribedEnumType(string name, string description, params (string Value, string Description)[] values)
    {
        Name = name;
        Description = description;
        foreach (var (value, text) in values)
        {
            Add(value, value, text);
        }
    }
}

/// <summary>GraphQL enum of <see cref="MetricKinds"/>.</summary>
public sealed class MetricKindType() : DescribedEnumType("MetricKind", "What a metric measures; the kind decides which purposes can ever read it (PRODUCT.md §5).",
    (MetricKinds.Outcome, "Delivery results (deployments, lead time, change failure rate)."),
    (MetricKinds.Adoption, "Who uses tools, per person yes/no. Never for PERFORMANCE_REVIEW; needs an OUTCOME guardrail."),
    (MetricKinds.Activity, "Raw usage volume, the Goodhart-prone kind. Never for PERFORMANCE_REVIEW, never ranked or targeted; needs an OUTCOME guardrail."),
    (MetricKinds.Sentiment, "Survey answers. Never for PERFORMANCE_REVIEW."));

/// <summary>GraphQL enum of <see cref="MetricStatuses"/>.</summary>
public sealed class MetricStatusType() : DescribedEnumType("MetricStatus", "Lifecycle state of a metric version.",
    (MetricStatuses.Draft, "Being written; can be edited."),
    (MetricStatuses.InReview, "Submitted; awaiting approvals. Cannot be edited (reject it back to draft first)."),
    (MetricStatuses.Published, "Approved and immutable; the newest published version is the one reads use."),
    (MetricStatuses.Deprecated, "Still readable, but names a replacement and a sunset date."));

/// <summary>GraphQL enum of <see cref="Aggregations"/>.</summary>
public sealed class AggregationType() : DescribedEnumType("Aggregation", "How a metric turns events (or other metrics) into a value.",
    (Aggregations.Count, "Number of matching events."),
    (Aggregations.Sum, "Sum of a numeric field."),
    (Aggregations.DistinctPeople, "Number of distinct people with a matching event."),
    (Aggregations.DistinctDays, "Number of distinct days (UTC) with a matching event."),
    (Aggregations.Median, "Median of a numeric field."),
    (Aggregations.P90, "90th percentile of a numeric field."),
    (Aggregations.ShareOfPeople, "Share of the group's headcount with at least one matching event."),
    (Aggregations.Nps, "Net Promoter Score of a 0–10 field: % promoters (9–10) minus % detractors (0–6)."),
    (Aggregations.Ratio, "numerator metric divided by denominator metric."),
    (Aggregations.ShareOfTeams, "Share of the group's teams whose value of `metric` meets `threshold`."));

/// <summary>GraphQL enum of <see cref="Grains"/>.</summary>
public sealed class GrainType() : DescribedEnumType("Grain", "Period length a metric can be evaluated at.",
    (Grains.Week, "ISO weeks (Monday to Sunday, UTC)."),
    (Grains.Month, "Calendar months (UTC)."));

/// <summary>Direction of a lineage query.</summary>
public sealed class LineageDirectionType() : DescribedEnumType("LineageDirection", "Which way to walk the lineage graph.",
    ("UPSTREAM", "What the metric is computed from, down to event types, fields and the sources that delivered them."),
    ("DOWNSTREAM", "Metrics computed from this one."),
    ("BOTH", "Both directions."));
