namespace MetricsApi.Features.Catalogue;

/// <summary>Metric kinds of PRODUCT.md §5.</summary>
public static class MetricKinds
{
    public const string Outcome = "OUTCOME";
    public const string Adoption = "ADOPTION";
    public const string Activity = "ACTIVITY";
    public const string Sentiment = "SENTIMENT";

    public static IReadOnlyList<string> All { get; } = [Outcome, Adoption, Activity, Sentiment];

    /// <summary>Kinds whose values describe people's usage or feelings: never for performance reviews, and privacy-approved.</summary>
    public static bool IsPersonal(string kind) => kind is Adoption or Activity or Sentiment;
}

/// <summary>Lifecycle states of a metric version.</summary>
public static class MetricStatuses
{
    public const string Draft = "DRAFT";
    public const string InReview = "IN_REVIEW";
    public const string Published = "PUBLISHED";
    public const string Deprecated = "DEPRECATED";

    public static IReadOnlyList<string> All { get; } = [Draft, InReview, Published, Deprecated];
}

/// <summary>How a metric aggregates its source events.</summary>
public static class Aggregations
{
    public const string Count = "COUNT";
    public const string Sum = "SUM";
    public const string DistinctPeople = "DISTINCT_PEOPLE";
    public const string DistinctDays = "DISTINCT_DAYS";
    public const string Median = "MEDIAN";
    public const string P90 = "P90";
    public const string ShareOfPeople = "SHARE_OF_PEOPLE";
    public const string Nps = "NPS";
    public const string Ratio = "RATIO";
    public const string ShareOfTeams = "SHARE_OF_TEAMS";

    public static IReadOnlyList<string> All { get; } = [Count, Sum, DistinctPeople, DistinctDays, Median, P90, ShareOfPeople, Nps, Ratio, ShareOfTeams];
}

/// <summary>Period grains a metric can be evaluated at.</summary>
public static class Grains
{
    public const string Week = "WEEK";
    public const string Month = "MONTH";

    public static IReadOnlyList<string> All { get; } = [Week, Month];
}

/// <summary>One version of a metric definition. Published versions never change (see <c>MetricsDbContext</c>).</summary>
public sealed class MetricVersion
{
    public long Id { get; set; }

    public required string MetricKey { get; set; }

    public int Number { get; set; }

    public required string Status { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public required string Kind { get; set; }

    public required string Unit { get; set; }

    public required string Owner { get; set; }

    public required string Steward { get; set; }

    /// <summary>Comma-separated purposes.</summary>
    public required string AllowedPurposes { get; set; }

    public int MinGroupSize { get; set; }

    /// <summary>Comma-separated metric keys.</summary>
    public string Guardrails { get; set; } = "";

    /// <summary>Comma-separated grains.</summary>
    public required string Grains { get; set; }

    /// <summary>Comma-separated dimension fields.</summary>
    public string Dimensions { get; set; } = "";

    /// <summary>The declarative definition as canonical JSON (never SQL).</summary>
    public required string Definition { get; set; }

    public required string AuthorId { get; set; }

    public required string AuthorName { get; set; }

    public string? ChangeReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    public DateTime? DeprecatedAt { get; set; }

    public string? ReplacementKey { get; set; }

    public DateOnly? SunsetDate { get; set; }

    public string? DeprecationReason { get; set; }

    public string? RejectionReason { get; set; }

    public List<MetricApproval> Approvals { get; set; } = [];
}

/// <summary>An approval of a version in review, by a steward or a privacy officer.</summary>
public sealed class MetricApproval
{
    public long Id { get; set; }

    public long MetricVersionId { get; set; }

    public required string ApproverId { get; set; }

    public required string ApproverName { get; set; }

    /// <summary>The role the approval counts for: MetricSteward or PrivacyOfficer.</summary>
    public required string Role { get; set; }

    public DateTime ApprovedAt { get; set; }

    public string? Comment { get; set; }
}
