namespace MetricsApi.Hosting;

/// <summary>
/// The folder where the embedded defaults live in Development: the SQLite file and the locally
/// generated dev-token signing key. Configured by <c>Storage:DataDirectory</c>; relative paths are
/// taken from the content root, so the server and the <c>dev-token</c> command always agree.
/// </summary>
public static class DataDirectory
{
    public const string ConfigurationKey = "Storage:DataDirectory";

    public static string Resolve(IConfiguration configuration, string contentRootPath)
    {
        var configured = configuration[ConfigurationKey];
        var path = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(contentRootPath, path));
    }

    public static string Ensure(IConfiguration configuration, string contentRootPath)
    {
        var path = Resolve(configuration, contentRootPath);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"the data directory '{path}' ({ConfigurationKey}) cannot be created: {StartupFailure.FirstLine(ex.Message)}", ex);
        }

        return path;
    }

    /// <summary>
    /// The content of a secret file in the data directory, created on first use (Development keys).
    /// It is written to a temporary file, made readable by the owner only and moved into place, so
    /// two processes starting at once never read half a key and the first one written wins.
    /// </summary>
    public static string ReadOrCreateSecret(IConfiguration configuration, string contentRootPath, string fileName, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var path = Path.Combine(Ensure(configuration, contentRootPath), fileName);
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, create());
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

        return File.ReadAllText(path);
    }
}
