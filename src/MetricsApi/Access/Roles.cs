namespace MetricsApi.Access;

/// <summary>
/// The app role names of PRODUCT.md §3, exactly as they appear in the token's <c>roles</c> claim.
/// This is the only place these strings are spelled; everything else refers to these constants.
/// </summary>
public static class Roles
{
    public const string Engineer = "Engineer";
    public const string Manager = "Manager";
    public const string Leader = "Leader";
    public const string Analyst = "Analyst";
    public const string Auditor = "Auditor";
    public const string MetricSteward = "MetricSteward";
    public const string PrivacyOfficer = "PrivacyOfficer";
    public const string Ingestor = "Ingestor";

    /// <summary>Every known role, in the order of PRODUCT.md §3. Unknown roles in a token grant nothing.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Engineer, Manager, Leader, Analyst, Auditor, MetricSteward, PrivacyOfficer, Ingestor];

    /// <summary>Returns the canonical spelling of a known role, or null for a role this service does not know.</summary>
    public static string? Normalise(string role) =>
        All.FirstOrDefault(r => string.Equals(r, role, StringComparison.Ordinal));
}
