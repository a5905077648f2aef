namespace MetricsApi.Features.Org;

/// <summary>Levels of the org tree: company → orgs (nested as deep as the company is) → teams.</summary>
public static class OrgUnitKinds
{
    public const string Company = "COMPANY";
    public const string Org = "ORG";

    /// <summary>A "two-pizza" team: the unit people belong to.</summary>
    public const string Team = "TEAM";

    public static IReadOnlyList<string> All { get; } = [Company, Org, Team];
}
