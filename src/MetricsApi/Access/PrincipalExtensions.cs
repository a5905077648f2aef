using System.Security.Claims;
using MetricsApi.Data;

namespace MetricsApi.Access;

/// <summary>Reads the caller's identity from the validated token.</summary>
public static class PrincipalExtensions
{
    /// <summary>Longest object id accepted (Entra object ids are 36-character GUIDs; audit rows hold 200).</summary>
    public const int MaxObjectIdLength = 200;

    /// <summary>Longest display name kept; longer names are cut so they always fit the audit log.</summary>
    public const int MaxDisplayNameLength = 200;

    private const string ObjectIdClaim = "oid";
    private const string ObjectIdClaimMapped = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>
    /// The Entra object id (<c>oid</c>) of the caller, or null when the token has none that can
    /// identify anyone: missing, blank, repeated, too long or not storable text. There is no fallback
    /// to <c>sub</c>, which is pairwise per application and would make one person look like many.
    /// </summary>
    public static string? GetObjectId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = principal.FindAll(ObjectIdClaim).Concat(principal.FindAll(ObjectIdClaimMapped)).ToList();
        return claims is [{ Value: var value }]
            && !string.IsNullOrWhiteSpace(value) && value.Length <= MaxObjectIdLength && StorableText.IsValid(value)
            ? value
            : null;
    }

    /// <summary>
    /// The object id of an authenticated caller. Authentication refuses tokens without one
    /// (<see cref="Authentication.AuthenticationRegistration"/>), so its absence here is a bug.
    /// </summary>
    public static string GetRequiredObjectId(this ClaimsPrincipal principal) =>
        principal.GetObjectId() ?? throw new InvalidOperationException("An authenticated caller has no object id; authentication must refuse such tokens.");

    /// <summary>The caller's display name (<c>name</c> claim, cut to a storable length), falling back to the object id.</summary>
    public static string GetDisplayName(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirst("name")?.Value ?? principal.Identity?.Name;
        if (string.IsNullOrWhiteSpace(name) || !StorableText.IsValid(name))
        {
            return principal.GetRequiredObjectId();
        }

        return name.Length <= MaxDisplayNameLength ? name : name[..MaxDisplayNameLength];
    }

    /// <summary>The known app roles the caller holds; unknown role names are dropped because they grant nothing.</summary>
    public static IReadOnlyList<string> GetKnownRoles(this ClaimsPrincipal principal) =>
        Roles.All.Where(principal.IsInRole).ToList();
}
