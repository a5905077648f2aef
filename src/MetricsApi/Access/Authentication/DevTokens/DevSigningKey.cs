using System.Security.Cryptography;
using MetricsApi.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace MetricsApi.Access.Authentication.DevTokens;

/// <summary>
/// The RSA key that signs Development tokens. It is generated on first use and kept in the local
/// data directory (never committed), and it is only ever trusted when the host runs in Development.
/// </summary>
public static class DevSigningKey
{
    public const string FileName = "dev-signing-key.pem";
    public const string KeyId = "metricsapi-dev";

    public static RsaSecurityKey LoadOrCreate(IConfiguration configuration, string contentRootPath)
    {
        var directory = DataDirectory.Ensure(configuration, contentRootPath);
        var path = Path.Combine(directory, FileName);
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            // Write to a temp file and move, so a concurrent first start never reads half a key.
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
                rsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        return new RsaSecurityKey(rsa) { KeyId = KeyId };
    }
}
