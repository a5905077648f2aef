using System.Security.Cryptography;
using System.Text;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Replaces a person identifier (Entra object id, e-mail or UPN) with HMAC-SHA256(key, identifier)
/// at ingestion, so a raw identifier is never stored (invariant 7). Identifiers are trimmed and
/// lower-cased first, because directories treat them case-insensitively. The self-view finds "my"
/// data by pseudonymising the caller's token object id the same way (docs/pseudonymisation.md).
/// </summary>
public sealed class Pseudonymiser(byte[] key)
{
    private readonly byte[] _key = key.Length >= PseudonymisationKey.MinimumBytes
        ? key.ToArray()
        : throw new ArgumentException($"The key must have at least {PseudonymisationKey.MinimumBytes} bytes.", nameof(key));

    /// <summary>64 lowercase hex characters; the same identifier always gives the same pseudonym.</summary>
    public string Pseudonymise(string identifier)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identifier);
        var normalised = identifier.Trim().ToLowerInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("person:" + normalised)));
    }

    /// <summary>
    /// HMAC-SHA256 under the same key of <paramref name="text"/> exactly as given, in a domain of its
    /// own (<paramref name="purpose"/>), so it can never equal a person's pseudonym; 64 hex characters.
    /// </summary>
    public string Keyed(string purpose, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + ":" + text)));
    }
}
