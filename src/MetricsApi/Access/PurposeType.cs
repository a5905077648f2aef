using GraphQL.Types;

namespace MetricsApi.Access;

/// <summary>The purposes of PRODUCT.md §4 as a GraphQL enum.</summary>
public sealed class PurposeType : EnumerationGraphType
{
    public PurposeType()
    {
        Name = "Purpose";
        Description = "Why metric values are read. Every read declares one; it is checked against the metric's allowed purposes and the caller's roles, and written to the audit log.";
        Add(Purposes.TeamImprovement, Purposes.TeamImprovement, "A team looks at its own delivery and adoption to decide what to improve.");
        Add(Purposes.ToolEvaluation, Purposes.ToolEvaluation, "Deciding whether an AI tool is worth its licences, from adoption, outcomes and sentiment in aggregate.");
        Add(Purposes.PortfolioReporting, Purposes.PortfolioReporting, "Org-level reporting of outcomes and adoption against targets.");
        Add(Purposes.PerformanceReview, Purposes.PerformanceReview, "Evaluating people. Only OUTCOME metrics may ever be read for this purpose; usage, adoption and sentiment never are (invariant 1).");
        Add(Purposes.SelfReflection, Purposes.SelfReflection, "An engineer looking at their own usage. The only purpose under which per-person values are served, and only to that person.");
    }
}
