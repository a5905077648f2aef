using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MetricsApi.Access.Authentication.DevTokens;

/// <summary>Mints Development tokens shaped like Entra ID v2 access tokens for this API.</summary>
public static class DevTokenIssuer
{
    /// <summary>
    /// A stable object id for a dev user name, so the same <c>--user</c> always maps to the same
    /// principal (and, once demo data exists, to the same person in the directory feed).
    /// </summary>
    public static string ObjectIdFor(string user)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("metricsapi-dev-user:" + user.Trim().ToLowerInvariant()));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public static string Create(string user, IReadOnlyCollection<string> roles, TimeSpan lifetime, SecurityKey key, DevIdentity identity, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = identity.Issuer,
            Audience = identity.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["oid"] = ObjectIdFor(user),
                ["sub"] = ObjectIdFor(user),
                ["tid"] = identity.TenantId,
                ["name"] = user,
                ["preferred_username"] = user,
                ["roles"] = roles.ToArray(),
                ["ver"] = "2.0",
            },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
