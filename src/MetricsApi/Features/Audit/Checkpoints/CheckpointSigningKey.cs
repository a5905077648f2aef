using System.Security.Cryptography;
using MetricsApi.Hosting;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>
/// The ECDSA P-256 key that signs audit checkpoints. It is held outside the database
/// (configuration <c>Audit:CheckpointSigningKey</c>, like the pseudonymisation key), so whoever
/// controls the database can recompute the hash chain but cannot sign a checkpoint for it.
/// The signature is asymmetric: a verifier needs only the public key. Development generates a key
/// into the data directory; elsewhere the service refuses to start without one.
/// </summary>
public sealed class CheckpointSigningKey : IDisposable
{
    public const string ConfigurationKey = "Audit:CheckpointSigningKey";
    public const string DevelopmentFileName = "audit-checkpoint-key.pem";
    public const string Algorithm = "ECDSA_P256_SHA256";

    private readonly ECDsa _key;

    private CheckpointSigningKey(ECDsa key)
    {
        _key = key;
        var spki = key.ExportSubjectPublicKeyInfo();
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki).AsSpan(0, 4));
    }

    /// <summary>The public key (SubjectPublicKeyInfo, PEM): all a verifier needs, and what it should pin out of band.</summary>
    public string PublicKeyPem { get; }

    /// <summary>First 4 bytes of SHA-256 over the public key's SubjectPublicKeyInfo (DER), as 8 hex digits.</summary>
    public string KeyId { get; }

    /// <summary>DER-encoded (RFC 3279) ECDSA-SHA256 signature, as OpenSSL and Python verify it.</summary>
    public byte[] Sign(byte[] message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public bool Verify(byte[] message, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();

    /// <summary>Null when the configured value is a usable P-256 private key, else why not.</summary>
    public static string? Problem(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"{ConfigurationKey} is missing: set it to an ECDSA P-256 private key (PKCS#8 PEM or its base64 DER, e.g. `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`), kept outside the database.";
        }

        try
        {
            using var key = Parse(configured);
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return $"{ConfigurationKey} is invalid: {ex.Message}";
        }
    }

    public static CheckpointSigningKey Load(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured) || !environment.IsDevelopment())
        {
            return Problem(configured) is { } problem ? throw new StartupException(problem) : new CheckpointSigningKey(Parse(configured!));
        }

        var pem = DataDirectory.ReadOrCreateSecret(configuration, environment.ContentRootPath, DevelopmentFileName, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        return new CheckpointSigningKey(Parse(pem));
    }

    /// <summary>A key from PEM (PKCS#8 or SEC1 "EC PRIVATE KEY") or base64 PKCS#8 DER; only P-256 is accepted.</summary>
    public static CheckpointSigningKey FromText(string text) => new(Parse(text));

    private static ECDsa Parse(string text)
    {
        var key = ECDsa.Create();
        try
        {
            var trimmed = text.Trim();
            if (trimmed.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                key.ImportFromPem(trimmed);
            }
            else
            {
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(trimmed), out _);
            }

            var parameters = key.ExportParameters(includePrivateParameters: true);
            if (parameters.D is null)
            {
                throw new ArgumentException("it holds no private key.");
            }

            if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("it must be a key on the P-256 curve (prime256v1).");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public override string ToString() => $"{Algorithm} key {KeyId}";
}
