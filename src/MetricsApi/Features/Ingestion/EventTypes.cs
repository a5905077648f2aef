namespace MetricsApi.Features.Ingestion;

/// <summary>The event types ingestion accepts (the <c>type</c> field).</summary>
public static class EventTypes
{
    public const string Deployment = "deployment";
    public const string AiUsage = "ai_usage";
    public const string ToolAccess = "tool_access";
    public const string SurveyResponse = "survey_response";
    public const string OrgUnit = "org_unit";
    public const string Membership = "membership";
    public const string Manager = "manager";

    public static IReadOnlyList<string> All { get; } = [Deployment, AiUsage, ToolAccess, SurveyResponse, OrgUnit, Membership, Manager];
}

/// <summary>Machine-readable reasons an event is rejected (docs/ingestion.md).</summary>
public static class IngestErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidEncoding = "INVALID_ENCODING";
    public const string NotAnObject = "NOT_AN_OBJECT";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidType = "INVALID_TYPE";
    public const string InvalidValue = "INVALID_VALUE";
    public const string OutOfRange = "OUT_OF_RANGE";
    public const string TooLong = "TOO_LONG";
    public const string InvalidTimestamp = "INVALID_TIMESTAMP";
    public const string FutureTimestamp = "FUTURE_TIMESTAMP";
    public const string TimestampTooEarly = "TIMESTAMP_TOO_EARLY";
    public const string TimeOrder = "TIME_ORDER";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string UnknownTool = "UNKNOWN_TOOL";
    public const string UnknownTeam = "UNKNOWN_TEAM";
    public const string UnknownOrgUnit = "UNKNOWN_ORG_UNIT";

    /// <summary>A second COMPANY unit: the tree has one root.</summary>
    public const string SecondRoot = "SECOND_ROOT";

    /// <summary>A kind change that would leave members without a team or units without a parent.</summary>
    public const string KindChangeOrphans = "KIND_CHANGE_ORPHANS";
}
