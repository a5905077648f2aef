using System.Security.Claims;

namespace MetricsApi.Access;

/// <summary>Reads the caller's identity from the validated token.</summary>
public static class PrincipalExtensions
{
    private const string ObjectIdClaim = "oid";
    private const string ObjectIdClaimMapped = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>The Entra object id (<c>oid</c>) of the caller, falling back to <c>sub</c>.</summary>
    public static string? GetObjectId(this ClaimsPrincipal principal) =>
        principal.FindFirst(ObjectIdClaim)?.Value
        ?? principal.FindFirst(ObjectIdClaimMapped)?.Value
        ?? principal.FindFirst("sub")?.Value
        ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    /// <summary>The caller's display name (<c>name</c> claim), falling back to the object id.</summary>
    public static string GetDisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirst("name")?.Value
        ?? principal.Identity?.Name
        ?? principal.GetObjectId()
        ?? "unknown";

    /// <summary>The known app roles the caller holds; unknown role names are dropped because they grant nothing.</summary>
    public static IReadOnlyList<string> GetKnownRoles(this ClaimsPrincipal principal) =>
        Roles.All.Where(principal.IsInRole).ToList();
}
