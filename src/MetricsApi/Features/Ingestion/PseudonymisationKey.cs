using System.Security.Cryptography;
using MetricsApi.Hosting;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// The HMAC key that turns person identifiers into pseudonyms (invariant 7). It comes from
/// configuration (<c>Pseudonymisation:Key</c>, base64, at least 32 bytes) and never from the database;
/// Development generates one on first start and keeps it in the data directory.
/// </summary>
public static class PseudonymisationKey
{
    public const string ConfigurationKey = "Pseudonymisation:Key";
    public const string DevelopmentFileName = "pseudonymisation.key";
    public const int MinimumBytes = 32;

    /// <summary>Null when the configured value is usable, else why not.</summary>
    public static string? Problem(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"{ConfigurationKey} is missing: set it to a base64 secret of at least {MinimumBytes} bytes (e.g. `openssl rand -base64 32`), kept outside the database.";
        }

        try
        {
            return Convert.FromBase64String(configured.Trim()).Length < MinimumBytes
                ? $"{ConfigurationKey} is too short: it must decode to at least {MinimumBytes} bytes."
                : null;
        }
        catch (FormatException)
        {
            return $"{ConfigurationKey} is invalid: it must be base64.";
        }
    }

    public static byte[] Load(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured) || !environment.IsDevelopment())
        {
            var problem = Problem(configured);
            return problem is null ? Convert.FromBase64String(configured!.Trim()) : throw new InvalidOperationException(problem);
        }

        var path = Path.Combine(DataDirectory.Ensure(configuration, environment.ContentRootPath), DevelopmentFileName);
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
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
            }
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
