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
}
