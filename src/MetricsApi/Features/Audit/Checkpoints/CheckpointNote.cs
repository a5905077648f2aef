using System.Globalization;
using System.Text;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>
/// The text form of a checkpoint, modelled on C2SP signed notes (tlog-checkpoint):
/// <code>
/// &lt;origin&gt;
/// &lt;sequence: entries in the log&gt;
/// &lt;hash of that entry, lowercase hex&gt;
/// &lt;time, yyyy-MM-ddTHH:mm:ss.ffffffZ&gt;
///
/// — &lt;origin&gt; &lt;base64(4-byte key id ‖ DER ECDSA-SHA256 signature)&gt;
/// </code>
/// The signature covers the body: the four lines, each ending in a newline. Differences from C2SP:
/// the log is a hash chain, so the third line is its head hash in hex rather than a Merkle root in
/// base64, and the signature is ECDSA P-256 (key id = first 4 bytes of SHA-256 of the public key's
/// SubjectPublicKeyInfo). docs/audit-log.md specifies it; tools/audit-verify/ checks it.
/// </summary>
public static class CheckpointNote
{
    public const string SignaturePrefix = "\u2014 ";

    public static string Body(string origin, long sequence, string headHash, DateTime createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{origin}\n{sequence}\n{headHash}\n{AuditHashing.Normalise(createdAt):yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\n");

    public static string Body(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Body(checkpoint.Origin, checkpoint.Sequence, checkpoint.HeadHash, checkpoint.CreatedAt);
    }

    public static byte[] SignedBytes(AuditCheckpoint checkpoint) => Encoding.UTF8.GetBytes(Body(checkpoint));

    /// <summary>The whole note, as an auditor keeps it and the offline verifier reads it.</summary>
    public static string Text(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var signed = Convert.FromHexString(checkpoint.KeyId).Concat(Convert.FromBase64String(checkpoint.Signature)).ToArray();
        return $"{Body(checkpoint)}\n{SignaturePrefix}{checkpoint.Origin} {Convert.ToBase64String(signed)}\n";
    }
}
