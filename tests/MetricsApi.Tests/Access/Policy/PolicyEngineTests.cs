using MetricsApi.Access;
using MetricsApi.Access.Policy;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Tests.Access.Policy;

/// <summary>The policy engine as a pure function: every role × purpose × metric kind under the shipped policy.</summary>
public sealed class PolicyEngineTests
{
    // The shipped policy, written out independently of the code: which purposes each role may declare.
    private static readonly Dictionary<string, string[]> ShippedRolePurposes = new()
    {
        [Roles.Engineer] = ["TEAM_IMPROVEMENT", "TOOL_EVALUATION", "SELF_REFLECTION"],
        [Roles.Manager] = ["TEAM_IMPROVEMENT", "TOOL_EVALUATION", "PORTFOLIO_REPORTING", "PERFORMANCE_REVIEW"],
        [Roles.Leader] = ["TEAM_IMPROVEMENT", "TOOL_EVALUATION", "PORTFOLIO_REPORTING", "PERFORMANCE_REVIEW"],
        [Roles.Analyst] = ["TOOL_EVALUATION", "PORTFOLIO_REPORTING"],
        [Roles.Auditor] = [],
        [Roles.MetricSteward] = [],
        [Roles.PrivacyOfficer] = [],
        [Roles.Ingestor] = [],
    };

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in Roles.All)
        {
            foreach (var purpose in Purposes.All)
            {
                foreach (var kind in MetricKinds.All)
                {
                    data.Add(role, purpose, kind);
                }
            }
        }

        return data;
    }

    private static AccessRequest Request(string role, string purpose, string kind, bool inScope = true, IReadOnlyList<string>? metricPurposes = null) =>
        new([role], purpose, "m", kind, metricPurposes ?? Purposes.All, 5, Published: true, ScopeInReach: inScope);

    [Theory]
    [MemberData(nameof(Matrix))]
    public void EveryRolePurposeAndKindGetsTheRightDecisionAndCode(string role, string purpose, string kind)
    {
        var decision = PolicyEngine.Decide(Request(role, purpose, kind), PolicyRules.Default);

        var personalForReview = kind != "OUTCOME" && purpose == "PERFORMANCE_REVIEW";
        var expectedAllowed = !personalForReview && purpose != "SELF_REFLECTION" && ShippedRolePurposes[role].Contains(purpose);
        Assert.Equal(expectedAllowed, decision.Allowed);
        Assert.Equal(expectedAllowed ? null : "PURPOSE_NOT_ALLOWED", decision.ErrorCode);
        if (personalForReview)
        {
            Assert.Equal([PolicyEngine.PersonalKindNotForPerformanceReview], decision.RuleCodes);
        }

        Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
    }

    [Theory]
    [InlineData("ACTIVITY")]
    [InlineData("ADOPTION")]
    [InlineData("SENTIMENT")]
    public void NoPolicyCanOpenPersonalKindsToPerformanceReviews(string kind)
    {
        var generous = PolicyRules.Default with
        {
            RolePurposes = Roles.All.ToDictionary(r => r, _ => (IReadOnlyList<string>)Purposes.All),
        };

        var decision = PolicyEngine.Decide(Request(Roles.Leader, Purposes.PerformanceReview, kind), generous);

        Assert.False(decision.Allowed);
        Assert.Equal("PURPOSE_NOT_ALLOWED", decision.ErrorCode);
    }

    [Fact]
    public void MetricMustAllowThePurposeToo()
    {
        var decision = PolicyEngine.Decide(Request(Roles.Analyst, Purposes.PortfolioReporting, "OUTCOME", metricPurposes: ["TEAM_IMPROVEMENT"]), PolicyRules.Default);

        Assert.Equal([PolicyEngine.MetricPurposeNotAllowed], decision.RuleCodes);
    }

    [Fact]
    public void OutOfScopeIsRefusedWithoutSayingWhetherTheUnitExists()
    {
        var decision = PolicyEngine.Decide(Request(Roles.Manager, Purposes.TeamImprovement, "OUTCOME", inScope: false), PolicyRules.Default);

        Assert.Equal(("OUT_OF_SCOPE", "That scope is not one you may read."), (decision.ErrorCode, decision.Explanation));
    }

    [Fact]
    public void EffectiveGroupSizeIsTheLargestOfFloorPolicyMetricAndOverride()
    {
        var policy = PolicyRules.Default with { MinGroupSize = 6, MetricMinGroupSizes = new Dictionary<string, int> { ["m"] = 9 } };

        Assert.Equal(9, policy.EffectiveMinGroupSize("m", 7));
        Assert.Equal(7, policy.EffectiveMinGroupSize("other", 7));
        Assert.Equal(6, policy.EffectiveMinGroupSize("other", 5));
        Assert.Equal(5, PolicyRules.Default.EffectiveMinGroupSize("other", 3));
    }

    [Fact]
    public void AllowedActivityReadsSayGuardrailsComeWithThem()
    {
        var decision = PolicyEngine.Decide(Request(Roles.Analyst, Purposes.ToolEvaluation, "ACTIVITY"), PolicyRules.Default);

        Assert.True(decision.Allowed);
        Assert.Contains(PolicyEngine.GuardrailsAttached, decision.RuleCodes);
    }
}
