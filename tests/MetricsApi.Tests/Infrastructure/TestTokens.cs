using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// Signs real JWTs for the tests, shaped like Entra ID v2 access tokens. The app under test trusts
/// <see cref="SigningKey"/> through the real Microsoft.Identity.Web bearer handler.
/// </summary>
public static class TestTokens
{
    public const string TenantId = "7d3f8a52-1c2b-4e6f-9a0b-3c4d5e6f7a8b";
    public const string ClientId = "5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d";
    public const string Instance = "https://login.microsoftonline.com/";
    public static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public static RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key" };

    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    public static string For(string user, params string[] roles) => Create(user, roles);

    public static string Create(
        string user,
        string[] roles,
        string? issuer = null,
        string? audience = null,
        DateTime? notBefore = null,
        DateTime? expires = null,
        SecurityKey? key = null,
        string? objectId = null,
        Action<Dictionary<string, object>>? editClaims = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["oid"] = objectId ?? ObjectIdFor(user),
            ["sub"] = objectId ?? ObjectIdFor(user),
            ["tid"] = TenantId,
            ["name"] = user,
            ["ver"] = "2.0",
        };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        editClaims?.Invoke(claims);
        var issuedAt = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? ClientId,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = claims,
        });
    }

    public static string Expired(string user, params string[] roles) =>
        Create(user, roles, notBefore: DateTime.UtcNow.AddHours(-3), expires: DateTime.UtcNow.AddHours(-2));

    public static string WrongAudience(string user, params string[] roles) => Create(user, roles, audience: "api://someone-else");

    public static string WrongIssuer(string user, params string[] roles) =>
        Create(user, roles, issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000ff/v2.0");

    public static string BadSignature(string user, params string[] roles) => Create(user, roles, key: OtherKey);

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string AlgNone(string user, params string[] roles)
    {
        var signed = For(user, roles);
        var payload = signed.Split('.')[1];
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
        return $"{header}.{payload}.";
    }

    /// <summary>A correctly signed token whose claims were changed, e.g. to leave out <c>oid</c>.</summary>
    public static string WithClaims(string user, string[] roles, Action<Dictionary<string, object>> edit) =>
        Create(user, roles, editClaims: edit);

    public static string ObjectIdFor(string user)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("test-user:" + user));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
