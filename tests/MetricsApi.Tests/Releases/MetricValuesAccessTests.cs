namespace MetricsApi.Tests.Releases;

/// <summary>
/// Every role × purpose × metric kind through <c>metricValues</c> over HTTP with real tokens. The
/// expectation comes from the table below, written from PRODUCT.md §3–§5 and the shipped policy
/// (version 1), not from the policy engine: invariant 1, then self-reflection, then the role's
/// purposes, then the metric's purposes, then scope.
/// </summary>
public abstract class MetricValuesAccessTests(EvaluationApp app)
{
    private const string TeamImprovement = "TEAM_IMPROVEMENT";
    private const string ToolEvaluation = "TOOL_EVALUATION";
    private const string PortfolioReporting = "PORTFOLIO_REPORTING";
    private const string PerformanceReview = "PERFORMANCE_REVIEW";
    private const string SelfReflection = "SELF_REFLECTION";

    private static readonly string[] AllPurposes = [TeamImprovement, ToolEvaluation, PortfolioReporting, PerformanceReview, SelfReflection];

    /// <summary>Policy version 1: the purposes each role may declare.</summary>
    private static readonly Dictionary<string, string[]> RolePurposes = new(StringComparer.Ordinal)
    {
        ["Engineer"] = [TeamImprovement, ToolEvaluation, SelfReflection],
        ["Manager"] = [TeamImprovement, ToolEvaluation, PortfolioReporting, PerformanceReview],
        ["Leader"] = [TeamImprovement, ToolEvaluation, PortfolioReporting, PerformanceReview],
        ["Analyst"] = [ToolEvaluation, PortfolioReporting],
        ["Auditor"] = [],
        ["MetricSteward"] = [],
        ["PrivacyOfficer"] = [],
        ["Ingestor"] = [],
    };

    /// <summary>
    /// One standard metric per kind, with the purposes the standard catalogue gives it and a grain it is
    /// read at: deployment counts and token sums add up over time and are read weekly only (the four ISO
    /// weeks of March), NPS monthly only (March); active users at both, read here by month.
    /// </summary>
    private static readonly Dictionary<string, (string Metric, string[] Purposes, string Grain)> Kinds = new(StringComparer.Ordinal)
    {
        ["OUTCOME"] = ("production_deployments", [TeamImprovement, PortfolioReporting], "WEEK"),
        // Weekly: whole teams use AI tools (100 %, shown); a month's count would carry the tails of movers.
        ["ADOPTION"] = ("active_ai_users", [TeamImprovement, ToolEvaluation, PortfolioReporting], "WEEK"),
        ["ACTIVITY"] = ("total_tokens", [TeamImprovement, ToolEvaluation, PortfolioReporting], "WEEK"),
        ["SENTIMENT"] = ("engineer_nps_per_tool", [TeamImprovement, ToolEvaluation, PortfolioReporting], "MONTH"),
    };

    /// <summary>Who calls in each role, and the teams a TEAM read without scope must return for them.</summary>
    private static readonly Dictionary<string, (string User, string[] Teams)> Callers = new(StringComparer.Ordinal)
    {
        ["Engineer"] = ("erin", ["team-a", "team-w"]),
        ["Manager"] = ("mona", ["team-d", "team-e", "team-f"]),
        ["Leader"] = ("leo", ["team-a", "team-b", "team-d", "team-e", "team-f"]),
        ["Analyst"] = ("ana", EvaluationData.AllTeams),
        ["Auditor"] = ("ada", []),
        ["MetricSteward"] = ("sam", []),
        ["PrivacyOfficer"] = ("priya", []),
        ["Ingestor"] = ("ivan", []),
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in RolePurposes.Keys)
        {
            foreach (var purpose in AllPurposes)
            {
                foreach (var kind in Kinds.Keys)
                {
                    data.Add(role, purpose, kind);
                }
            }
        }

        return data;
    }

    /// <summary>Null when the read is allowed, else the rule that refuses it.</summary>
    private static string? RefusingRule(string role, string purpose, string kind)
    {
        if (kind != "OUTCOME" && purpose == PerformanceReview)
        {
            return "INVARIANT_PERSONAL_KIND_NOT_FOR_PERFORMANCE_REVIEW";
        }

        if (purpose == SelfReflection)
        {
            return "INVARIANT_SELF_REFLECTION_ONLY_FOR_OWN_VALUES";
        }

        if (!RolePurposes[role].Contains(purpose))
        {
            return "ROLE_PURPOSE_NOT_ALLOWED";
        }

        return Kinds[kind].Purposes.Contains(purpose) ? null : "METRIC_PURPOSE_NOT_ALLOWED";
    }

    [Theory]
    [MemberData(nameof(Cases), MemberType = typeof(MetricValuesAccessTests))]
    public async Task RoleReadsMetricKindForPurposeOnlyWhenPolicyAndInvariantsAllowIt(string role, string purpose, string kind)
    {
        var (user, teams) = Callers[role];
        var displayName = $"{user} {role} {purpose} {kind}";
        var (metric, _, grain) = Kinds[kind];
        var (from, to) = grain == "WEEK" ? ("2026-03-02", "2026-03-29") : ("2026-03-01", "2026-03-31");
        var rule = RefusingRule(role, purpose, kind);

        var response = await app.Factory.ClientAs(user, displayName, role).MetricValuesAsync(new ValuesRequest(metric, purpose, grain, from, to, GroupBy: "TEAM"));

        var audit = await app.Factory.AuditOfAsync(displayName);
        var entry = Assert.Single(audit)!;
        if (rule is not null)
        {
            response.AssertError("PURPOSE_NOT_ALLOWED");
            Assert.Equal(("DENIED", "DENIED", purpose), (entry["action"]!.GetValue<string>(), entry["decision"]!.GetValue<string>(), entry["purpose"]?.GetValue<string>()));
            Assert.Contains(rule, entry["ruleCodes"].Strings());
            return;
        }

        var series = response.Series();
        var points = series.Points();
        Assert.Equal((metric, kind, purpose), (series["metric"]!.GetValue<string>(), series["kind"]!.GetValue<string>(), series["purpose"]!.GetValue<string>()));
        Assert.Equal(teams.Order(StringComparer.Ordinal), series.Groups());
        if (role == "Manager" && kind == "ADOPTION")
        {
            // mona's org-data: team-f has 4 people and everyone else used AI tools every week, so org-data's 100 %
            // would pin team-f and its cover: the read is allowed and served, every cell hidden by disclosure control.
            Assert.All(points, p => Assert.Contains(p.SuppressionReason, new[] { "BELOW_MIN_GROUP_SIZE", "COMPLEMENTARY" }));
        }
        else
        {
            Assert.Contains(points, p => p.Value is not null && !p.Suppressed);
        }

        Assert.Equal("READ_METRIC_VALUES", entry["action"]!.GetValue<string>());
        Assert.Contains(entry["decision"]!.GetValue<string>(), new[] { "ALLOWED", "PARTIALLY_SUPPRESSED" });
        Assert.Equal(purpose, entry["purpose"]!.GetValue<string>());
        Assert.Contains(metric, entry["metrics"].Strings());
    }
}

public sealed class MetricValuesAccessTestsOnSqlite(EvaluationAppOnSqlite app) : MetricValuesAccessTests(app), IClassFixture<EvaluationAppOnSqlite>;

public sealed class MetricValuesAccessTestsOnPostgreSql(EvaluationAppOnPostgreSql app) : MetricValuesAccessTests(app), IClassFixture<EvaluationAppOnPostgreSql>;
