using GraphQL.Types;
using MetricsApi.Access.Scope;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Viewer;

namespace MetricsApi.Access.Policy;

/// <summary>Purposes one role may declare.</summary>
public sealed class RolePurposesType : ObjectGraphType<KeyValuePair<string, IReadOnlyList<string>>>
{
    public RolePurposesType()
    {
        Name = "RolePurposes";
        Description = "The purposes a role may declare when reading metric values.";
        Field<NonNullGraphType<RoleType>>("role").Description("The role.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeType>>>>("purposes").Description("Purposes it may declare.").Resolve(c => c.Source.Value);
    }
}

/// <summary>A per-metric minimum group size.</summary>
public sealed class MetricMinGroupSizeType : ObjectGraphType<KeyValuePair<string, int>>
{
    public MetricMinGroupSizeType()
    {
        Name = "MetricMinGroupSize";
        Description = "A metric whose minimum group size the policy raises above the global one.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("Its minimum group size.").Resolve(c => c.Source.Value);
    }
}

/// <summary>GraphQL shape of a policy version.</summary>
public sealed class PolicyType : ObjectGraphType<PolicySnapshot>
{
    public static readonly string[] Invariants =
    [
        "1. ACTIVITY, ADOPTION and SENTIMENT values are never served for PERFORMANCE_REVIEW.",
        "2. Per-person values are served only to that person, for SELF_REFLECTION.",
        "3. Aggregates over fewer distinct people than the minimum group size (never below 5) are suppressed.",
        "4. No response lets a suppressed value be recovered by arithmetic from other values in it.",
        "5. ACTIVITY metrics are never ranked, sorted or targeted; ACTIVITY and ADOPTION values come with their OUTCOME guardrails.",
        "6. Every read of metric values, denial and catalogue or policy change is audited before the response leaves.",
        "7. Raw personal identifiers are never stored: they are pseudonymised with a key held outside the database.",
    ];

    public PolicyType()
    {
        Name = "Policy";
        Description = "A version of the access policy. Policy is data and can only tighten; the invariants are code and no policy can relax them.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("Policy version; 1 is the shipped default.").Resolve(c => c.Source.Rules.Version);
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("Global minimum group size (distinct people); never below 5, only ever raised.").Resolve(c => c.Source.Rules.MinGroupSize);
        Field<NonNullGraphType<IntGraphType>>("dominancePercent").Description("The p of the p % dominance rule for sums of people's events (tokens, value-deriving events): a sum is hidden when what the others contribute beyond the two largest contributors is below p % of the largest. Default 10, only ever raised.").Resolve(c => c.Source.Rules.DominancePercent);
        Field<NonNullGraphType<IntGraphType>>("protectionPercent").Description("The protection interval of hidden values: whatever a reader combines (totals, splits, grains, bounds), the interval they can derive for a hidden value reaches at least this share of it (and one unit) below and above. Default 10 (τ-ARGUS's MAN(10)), only ever raised.").Resolve(c => c.Source.Rules.ProtectionPercent);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RolePurposesType>>>>("rolePurposes").Description("Which purposes each role may declare.")
            .Resolve(c => c.Source.Rules.RolePurposes.OrderBy(p => p.Key, StringComparer.Ordinal));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricMinGroupSizeType>>>>("metricMinGroupSizes").Description("Per-metric minimum group sizes (raise only).")
            .Resolve(c => c.Source.Rules.MetricMinGroupSizes.OrderBy(p => p.Key, StringComparer.Ordinal));
        Field<DateTimeGraphType>("createdAt").Description("When this version was made (null for the shipped default).").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<IdGraphType>>("authorId").Description("Who made it.").Resolve(c => c.Source.AuthorId);
        Field<NonNullGraphType<StringGraphType>>("authorName").Description("Display name of who made it.").Resolve(c => c.Source.AuthorName);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("invariants").Description("The rules of PRODUCT.md §5 that hold whatever the policy says.").Resolve(_ => Invariants);
    }
}


/// <summary>Group levels as a GraphQL enum.</summary>
public sealed class GroupLevelType() : DescribedEnumType("GroupLevel", "What values are grouped by.",
    (GroupLevels.Team, "One value per two-pizza team."),
    (GroupLevels.Org, "One value per org (all teams below it)."),
    (GroupLevels.Company, "One value for the whole company (Analysts)."));

/// <summary>Input of a purposes-per-role change.</summary>
public sealed class RolePurposesInputType : InputObjectGraphType
{
    public RolePurposesInputType()
    {
        Name = "RolePurposesInput";
        Description = "The purposes a role may declare from now on (replaces that role's list).";
        Field<NonNullGraphType<RoleType>>("role").Description("The role.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeType>>>>("purposes").Description("Its purposes.");
    }
}

/// <summary>Input of a per-metric minimum group size.</summary>
public sealed class MetricMinGroupSizeInputType : InputObjectGraphType
{
    public MetricMinGroupSizeInputType()
    {
        Name = "MetricMinGroupSizeInput";
        Description = "A metric's minimum group size (raise only).";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("The metric key.");
        Field<NonNullGraphType<IntGraphType>>("minGroupSize").Description("Its minimum group size.");
    }
}

/// <summary>Input of <c>updatePolicy</c>.</summary>
public sealed class PolicyInputType : InputObjectGraphType
{
    public PolicyInputType()
    {
        Name = "PolicyInput";
        Description = "A policy change; parts left out stay as they are. Group sizes can only be raised.";
        Field<IntGraphType>("minGroupSize").Description("New global minimum group size (at least the current one).");
        Field<IntGraphType>("dominancePercent").Description("New p of the dominance rule (at least the current one, at most 100).");
        Field<IntGraphType>("protectionPercent").Description("New protection interval in percent (at least the current one, at most 100).");
        Field<ListGraphType<NonNullGraphType<RolePurposesInputType>>>("rolePurposes").Description("Roles whose purposes change.");
        Field<ListGraphType<NonNullGraphType<MetricMinGroupSizeInputType>>>("metricMinGroupSizes").Description("Per-metric minimum group sizes.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why (recorded with the version and in the audit log).");
    }
}
