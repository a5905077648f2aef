using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Features.Catalogue;

/// <summary>Input of a definition filter.</summary>
public sealed class MetricFilterInputType : InputObjectGraphType<MetricFilter>
{
    public MetricFilterInputType()
    {
        Name = "MetricFilterInput";
        Description = "A condition on a known field of the source events.";
        Field(f => f.Field).Description("Field of the source event type (person and team fields cannot be filtered on).");
        Field(f => f.Op).Description("EQ, NE, IN, GT, GTE, LT or LTE.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values").Description("Value(s), as text; IN takes several.");
    }
}

/// <summary>Input of a <see cref="MetricDefinition"/>.</summary>
public sealed class MetricDefinitionInputType : InputObjectGraphType<MetricDefinition>
{
    public MetricDefinitionInputType()
    {
        Name = "MetricDefinitionInput";
        Description = "How the metric is computed. Base aggregations name a source and optionally a field and filters; RATIO names numerator and denominator metrics; SHARE_OF_TEAMS names a metric, a threshold and a comparison.";
        Field(d => d.Source, nullable: true).Description("Source event type.");
        Field<NonNullGraphType<AggregationType>>("aggregation").Description("The aggregation.");
        Field(d => d.Field, nullable: true).Description("The aggregated field (SUM, MEDIAN, P90, NPS).");
        Field<ListGraphType<NonNullGraphType<MetricFilterInputType>>>("filters").Description("Conditions on the source events.");
        Field(d => d.PerEngineer, nullable: true).Description("Divide by the group's headcount in the period.");
        Field(d => d.Numerator, nullable: true).Description("RATIO numerator metric key.");
        Field(d => d.Denominator, nullable: true).Description("RATIO denominator metric key.");
        Field(d => d.Metric, nullable: true).Description("SHARE_OF_TEAMS team-level metric key.");
        Field(d => d.Threshold, nullable: true).Description("SHARE_OF_TEAMS threshold.");
        Field(d => d.Comparison, nullable: true).Description("SHARE_OF_TEAMS comparison: GT, GTE, LT or LTE.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new MetricDefinition
        {
            Source = value.TryGetValue("source", out var source) ? source as string : null,
            Aggregation = (string)value["aggregation"]!,
            Field = value.TryGetValue("field", out var field) ? field as string : null,
            Filters = value.TryGetValue("filters", out var filters) && filters is IEnumerable<object> list ? [.. list.Cast<MetricFilter>()] : [],
            PerEngineer = value.TryGetValue("perEngineer", out var perEngineer) && perEngineer is true,
            Numerator = value.TryGetValue("numerator", out var numerator) ? numerator as string : null,
            Denominator = value.TryGetValue("denominator", out var denominator) ? denominator as string : null,
            Metric = value.TryGetValue("metric", out var metric) ? metric as string : null,
            Threshold = value.TryGetValue("threshold", out var threshold) && threshold is not null ? Convert.ToDouble(threshold, System.Globalization.CultureInfo.InvariantCulture) : null,
            Comparison = value.TryGetValue("comparison", out var comparison) ? comparison as string : null,
        };
    }
}

/// <summary>Input of <see cref="MetricInput"/>.</summary>
public sealed class MetricInputType : InputObjectGraphType<MetricInput>
{
    public MetricInputType()
    {
        Name = "MetricInput";
        Description = "A metric as a steward writes it. Validation errors are BAD_USER_INPUT with `extensions.field` and the list of `extensions.problems`.";
        Field(m => m.Key).Description("Stable key: lowercase letters, digits, underscores.");
        Field(m => m.Name).Description("Display name.");
        Field(m => m.Description).Description("What it means, how to read it, caveats, how it can be gamed.");
        Field<NonNullGraphType<MetricKindType>>("kind").Description("What it measures.");
        Field(m => m.Unit).Description("Unit of the values.");
        Field(m => m.Owner).Description("Owning team.");
        Field(m => m.Steward).Description("Responsible steward.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeType>>>>("allowedPurposes").Description("Purposes values may be read for; ADOPTION, ACTIVITY and SENTIMENT can never allow PERFORMANCE_REVIEW.");
        Field<IntGraphType>("minGroupSize").Description("Smallest group shown (default and floor: 5).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("guardrails").Description("OUTCOME metric keys returned with this one's values (required for ACTIVITY and ADOPTION).");
        Field<ListGraphType<NonNullGraphType<GrainType>>>("grains").Description("Period lengths (default WEEK).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("dimensions").Description("Fields values can be split by, e.g. tool.");
        Field<NonNullGraphType<MetricDefinitionInputType>>("definition").Description("How it is computed.");
        Field(m => m.Reason, nullable: true).Description("Why this version exists.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        IReadOnlyList<string> List(string name, IReadOnlyList<string> fallback) =>
            value.TryGetValue(name, out var v) && v is IEnumerable<object> items ? [.. items.Cast<string>()] : fallback;
        return new MetricInput
        {
            Key = (string)value["key"]!,
            Name = (string)value["name"]!,
            Description = (string)value["description"]!,
            Kind = (string)value["kind"]!,
            Unit = (string)value["unit"]!,
            Owner = (string)value["owner"]!,
            Steward = (string)value["steward"]!,
            AllowedPurposes = List("allowedPurposes", []),
            MinGroupSize = value.TryGetValue("minGroupSize", out var size) && size is int n ? n : MetricValidator.PolicyFloor,
            Guardrails = List("guardrails", []),
            Grains = List("grains", [Grains.Week]),
            Dimensions = List("dimensions", []),
            Definition = (MetricDefinition)value["definition"]!,
            Reason = value.TryGetValue("reason", out var reason) ? reason as string : null,
        };
    }
}

/// <summary>Filter of <c>metrics(where:)</c>.</summary>
public sealed class MetricFilterWhereType : InputObjectGraphType<MetricFilterInput>
{
    public MetricFilterWhereType()
    {
        Name = "MetricWhere";
        Description = "Conditions on metrics (their current version); all given conditions must hold.";
        Field<MetricKindType>("kind").Description("Only metrics of this kind.");
        Field<MetricStatusType>("status").Description("Only metrics whose current version has this status.");
        Field(f => f.Owner, nullable: true).Description("Only metrics of this owning team (case-insensitive).");
        Field(f => f.Text, nullable: true).Description("Words in the key, name or description (case-insensitive).");
    }
}
