using GraphQL;
using GraphQL.Types;
using MetricsApi.Access;

namespace MetricsApi.Features.Catalogue;

/// <summary>GraphQL shape of a definition filter.</summary>
public sealed class MetricFilterType : ObjectGraphType<MetricFilter>
{
    public MetricFilterType()
    {
        Name = "MetricFilter";
        Description = "A condition on a known field of the source events.";
        Field(f => f.Field).Description("Field of the source event type.");
        Field(f => f.Op).Description("EQ, NE, IN, GT, GTE, LT or LTE.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values").Description("Value(s) compared with, as text.").Resolve(c => c.Source.Values);
    }
}

/// <summary>GraphQL shape of <see cref="MetricDefinition"/>.</summary>
public sealed class MetricDefinitionType : ObjectGraphType<MetricDefinition>
{
    public MetricDefinitionType()
    {
        Name = "MetricDefinition";
        Description = "How the metric is computed: declarative, never SQL. Evaluation and lineage are derived from it.";
        Field(d => d.Source, nullable: true).Description("Source event type (deployment, ai_usage, tool_access, survey_response) of a base aggregation.");
        Field<NonNullGraphType<AggregationType>>("aggregation").Description("The aggregation.").Resolve(c => c.Source.Aggregation);
        Field(d => d.Field, nullable: true).Description("The aggregated field, for SUM, MEDIAN, P90 and NPS.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricFilterType>>>>("filters").Description("Conditions every counted event meets.").Resolve(c => c.Source.Filters);
        Field(d => d.PerEngineer).Description("Whether the value is divided by the group's headcount in the period.");
        Field(d => d.Numerator, nullable: true).Description("RATIO: the numerator metric key.");
        Field(d => d.Denominator, nullable: true).Description("RATIO: the denominator metric key.");
        Field(d => d.Metric, nullable: true).Description("SHARE_OF_TEAMS: the team-level metric compared with the threshold.");
        Field(d => d.Threshold, nullable: true).Description("SHARE_OF_TEAMS: the threshold.");
        Field(d => d.Comparison, nullable: true).Description("SHARE_OF_TEAMS: GT, GTE, LT or LTE.");
    }
}

/// <summary>An approval of a version.</summary>
public sealed class MetricApprovalType : ObjectGraphType<MetricApproval>
{
    public MetricApprovalType()
    {
        Name = "MetricApproval";
        Description = "Who approved a version, in which role, when.";
        Field<NonNullGraphType<IdGraphType>>("approverId").Description("Object id of the approver.").Resolve(c => c.Source.ApproverId);
        Field(a => a.ApproverName).Description("Display name of the approver.");
        Field<NonNullGraphType<Viewer.RoleType>>("role").Description("The role the approval counts for.").Resolve(c => c.Source.Role);
        Field(a => a.ApprovedAt).Description("When.");
        Field(a => a.Comment, nullable: true).Description("What the approver said.");
    }
}

/// <summary>GraphQL shape of a <see cref="MetricVersion"/>.</summary>
public sealed class MetricVersionType : ObjectGraphType<MetricVersion>
{
    public MetricVersionType()
    {
        Name = "MetricVersion";
        Description = "One version of a metric definition, with who wrote and approved it. Published versions never change.";
        Field("key", v => v.MetricKey).Description("The metric's stable key.");
        Field(v => v.Number).Description("Version number, 1, 2, ...");
        Field<NonNullGraphType<MetricStatusType>>("status").Description("Lifecycle state.").Resolve(c => c.Source.Status);
        Field(v => v.Name).Description("Display name.");
        Field(v => v.Description).Description("What it means, how to read it, known caveats and how it can be gamed.");
        Field<NonNullGraphType<MetricKindType>>("kind").Description("What it measures.").Resolve(c => c.Source.Kind);
        Field(v => v.Unit).Description("Unit of the values.");
        Field(v => v.Owner).Description("Owning team.");
        Field(v => v.Steward).Description("Responsible steward (person or group).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeType>>>>("allowedPurposes").Description("Purposes values may be read for.").Resolve(c => CatalogueService.Split(c.Source.AllowedPurposes));
        Field(v => v.MinGroupSize).Description("Smallest group (distinct people) a value is shown for; never below 5.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("guardrails").Description("Keys of the OUTCOME metrics always returned with this one's values.").Resolve(c => CatalogueService.Split(c.Source.Guardrails));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GrainType>>>>("grains").Description("Period lengths it can be evaluated at.").Resolve(c => CatalogueService.Split(c.Source.Grains));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dimensions").Description("Fields values can be split by, e.g. tool.").Resolve(c => CatalogueService.Split(c.Source.Dimensions));
        Field<NonNullGraphType<MetricDefinitionType>>("definition").Description("How it is computed.").Resolve(c => MetricDefinition.FromJson(c.Source.Definition));
        Field<NonNullGraphType<IdGraphType>>("authorId").Description("Object id of the author (`system:metricsapi` for the standard catalogue).").Resolve(c => c.Source.AuthorId);
        Field(v => v.AuthorName).Description("Display name of the author.");
        Field(v => v.ChangeReason, nullable: true).Description("Why this version was written.");
        Field(v => v.CreatedAt).Description("When the version was created.");
        Field(v => v.SubmittedAt, nullable: true).Description("When it was submitted for review.");
        Field(v => v.PublishedAt, nullable: true).Description("When it was published.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricApprovalType>>>>("approvals").Description("Approvals given to this version.").Resolve(c => c.Source.Approvals);
        Field(v => v.RejectionReason, nullable: true).Description("Why the last review sent it back to draft.");
        Field(v => v.DeprecatedAt, nullable: true).Description("When it was deprecated.");
        Field("replacement", v => v.ReplacementKey, nullable: true).Description("Metric to use instead, once deprecated.");
        Field(v => v.SunsetDate, nullable: true).Description("Date after which it will no longer be served.");
        Field(v => v.DeprecationReason, nullable: true).Description("Why it was deprecated.");
    }
}

/// <summary>One changed field between two versions.</summary>
public sealed class FieldChangeType : ObjectGraphType<(string Field, string? From, string? To)>
{
    public FieldChangeType()
    {
        Name = "FieldChange";
        Description = "A field that differs between two versions (definition properties are compared one by one, as JSON).";
        Field<NonNullGraphType<StringGraphType>>("field").Description("The field, e.g. `description` or `definition.filters`.").Resolve(c => c.Source.Field);
        Field<StringGraphType>("from").Description("Value in the older version.").Resolve(c => c.Source.From);
        Field<StringGraphType>("to").Description("Value in the newer version.").Resolve(c => c.Source.To);
    }
}

/// <summary>A lineage node.</summary>
public sealed class LineageNodeType : ObjectGraphType<LineageNode>
{
    public LineageNodeType()
    {
        Name = "LineageNode";
        Description = "A metric version, event type, field or source in a lineage graph.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id: metric:KEY@VERSION, event:TYPE, field:TYPE.FIELD or source:NAME.").Resolve(c => c.Source.Id);
        Field(n => n.Kind).Description("METRIC, EVENT_TYPE, FIELD or SOURCE.");
        Field(n => n.Label).Description("Text to show.");
        Field(n => n.MetricKey, nullable: true).Description("METRIC: the key.");
        Field(n => n.Version, nullable: true).Description("METRIC: the version (the current one).");
        Field(n => n.EventType, nullable: true).Description("EVENT_TYPE and FIELD: the event type.");
        Field(n => n.Field, nullable: true).Description("FIELD: the field.");
        Field<LongGraphType>("eventCount").Description("SOURCE of team events (deployments): events it delivered of the event types in this graph, exact and live. Only for the roles that run sources (Ingestor, MetricSteward, Auditor); null for sources of people's events, whose counts are only given as `eventCountBucket`.").Resolve(c => c.Source.EventCount);
        Field(n => n.EventCountBucket, nullable: true).Description("SOURCE: its event count as a bucket (`0-99`, `100-999`, `1000-9999`, `10000-99999`, `100000-999999`, `1000000+`). Only for Ingestor, MetricSteward and Auditor. For sources of people's events it counts the events up to `countedThrough`, as of that release's cut-off: a per-tool source one pilot uses would otherwise show that person's activity as it happens.");
        Field(n => n.LastSeen, nullable: true).Description("SOURCE: when it last delivered an event (team events), or the Monday (00:00 UTC) of the last released week in which it had one (people's events). Only for Ingestor, MetricSteward and Auditor.");
        Field<DateOnlyGraphType>("countedThrough").Description("SOURCE of people's events: the last day its figures cover, the end of the newest released week; null for sources of team events (live). Only for Ingestor, MetricSteward and Auditor.").Resolve(c => c.Source.CountedThrough);
    }
}

/// <summary>A lineage edge.</summary>
public sealed class LineageEdgeType : ObjectGraphType<LineageEdge>
{
    public LineageEdgeType()
    {
        Name = "LineageEdge";
        Description = "From a consumer to what it uses: metric COMPUTED_FROM metric, metric READS_EVENTS event type, metric READS_FIELD field, event type DELIVERED_BY source.";
        Field<NonNullGraphType<IdGraphType>>("from").Description("The consuming node.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<IdGraphType>>("to").Description("The node it uses.").Resolve(c => c.Source.To);
        Field(e => e.Kind).Description("COMPUTED_FROM, READS_EVENTS, READS_FIELD or DELIVERED_BY.");
    }
}

/// <summary>A lineage graph.</summary>
public sealed class LineageType : ObjectGraphType<LineageGraph>
{
    public LineageType()
    {
        Name = "Lineage";
        Description = "Where a metric's numbers come from and where they go, derived from the definitions and the ingestion ledger; nodes and edges for drawing.";
        Field<NonNullGraphType<IdGraphType>>("root").Description("Id of the metric asked about.").Resolve(c => c.Source.Root);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LineageNodeType>>>>("nodes").Description("All nodes.").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LineageEdgeType>>>>("edges").Description("All edges.").Resolve(c => c.Source.Edges);
    }
}

/// <summary>GraphQL shape of a <see cref="Metric"/>.</summary>
public sealed class MetricType : ObjectGraphType<Metric>
{
    public MetricType()
    {
        Name = "Metric";
        Description = "A metric of the catalogue with its whole version history.";
        Field(m => m.Key).Description("Stable key, e.g. deployments_per_engineer_weekly.");
        Field<NonNullGraphType<MetricVersionType>>("current").Description("The newest published (or deprecated) version, which reads use; a metric never published shows its newest draft.").Resolve(c => c.Source.Current);
        Field<NonNullGraphType<MetricVersionType>>("latest").Description("The newest version in any state (e.g. a draft of the next version).").Resolve(c => c.Source.Latest);
        Field<NonNullGraphType<BooleanGraphType>>("deprecated").Description("True when the current version is deprecated.").Resolve(c => c.Source.Current.Status == MetricStatuses.Deprecated);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricVersionType>>>>("versions").Description("Every version, oldest first.").Resolve(c => c.Source.Versions);
        Field<MetricVersionType>("version").Description("One version by number; null when it does not exist.")
            .Argument<NonNullGraphType<IntGraphType>>("number", "Version number.")
            .Resolve(c => c.Source.Versions.FirstOrDefault(v => v.Number == c.GetArgument<int>("number")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FieldChangeType>>>>("diff").Description("What changed between two versions, field by field.")
            .Argument<NonNullGraphType<IntGraphType>>("from", "The older version number.")
            .Argument<NonNullGraphType<IntGraphType>>("to", "The newer version number.")
            .Resolve(c =>
            {
                var from = c.Source.Versions.FirstOrDefault(v => v.Number == c.GetArgument<int>("from"));
                var to = c.Source.Versions.FirstOrDefault(v => v.Number == c.GetArgument<int>("to"));
                return from is null || to is null
                    ? throw new GraphQL.MetricsApiError(GraphQL.ErrorCodes.NotFound, $"'{c.Source.Key}' has versions 1 to {c.Source.Latest.Number}.", new Dictionary<string, object?> { ["field"] = from is null ? "from" : "to" })
                    : CatalogueReader.Diff(from, to);
            });
        Field<NonNullGraphType<LineageType>>("lineage").Description("Lineage derived from the definitions: upstream to events, fields and sources, downstream to dependent metrics. Sources of people's events are listed once they have events in a released week; delivery figures are only for the roles that run sources.")
            .Argument<LineageDirectionType>("direction", "Which way to walk (default BOTH).")
            .Argument<IntGraphType>("depth", "How many metric hops to follow, 1 to 10 (default 3).")
            .ResolveAsync(async c =>
            {
                var depth = c.GetArgument<int?>("depth") ?? 3;
                if (depth is < 1 or > LineageBuilder.MaxDepth)
                {
                    throw new GraphQL.MetricsApiError(GraphQL.ErrorCodes.BadUserInput, $"depth must be between 1 and {LineageBuilder.MaxDepth}.", new Dictionary<string, object?> { ["field"] = "depth" });
                }

                return await c.RequestServices!.GetRequiredService<LineageBuilder>()
                    .BuildAsync(c.Source.Key, c.GetArgument<string?>("direction") ?? "BOTH", depth, c.User ?? new System.Security.Claims.ClaimsPrincipal(), c.CancellationToken).ConfigureAwait(false);
            });
    }
}
