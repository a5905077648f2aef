namespace MetricsApi.Access.Scope;

/// <summary>Group levels a read can be split by.</summary>
public static class GroupLevels
{
    public const string Team = "TEAM";
    public const string Org = "ORG";
    public const string Company = "COMPANY";
}
