namespace MetricsApi.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (found by walking up to MetricsApi.sln).</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "MetricsApi.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("MetricsApi.sln not found above the test output.");
        }
    }

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
