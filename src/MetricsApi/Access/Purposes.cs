namespace MetricsApi.Access;

/// <summary>The purposes of PRODUCT.md §4: every read of metric values declares one.</summary>
public static class Purposes
{
    public const string TeamImprovement = "TEAM_IMPROVEMENT";
    public const string ToolEvaluation = "TOOL_EVALUATION";
    public const string PortfolioReporting = "PORTFOLIO_REPORTING";
    public const string PerformanceReview = "PERFORMANCE_REVIEW";
    public const string SelfReflection = "SELF_REFLECTION";

    public static IReadOnlyList<string> All { get; } =
        [TeamImprovement, ToolEvaluation, PortfolioReporting, PerformanceReview, SelfReflection];
}
