using GraphQL.Types;
using MetricsApi.GraphQL;

namespace MetricsApi.Cli;

/// <summary><c>export-schema [path]</c>: writes the SDL the server serves (default <c>schema/metrics.graphql</c>).</summary>
public static class ExportSchemaCommand
{
    public const string Name = "export-schema";

    public static int Run(string[] args, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        var path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? DefaultPath();
        var builder = WebApplication.CreateBuilder([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))]);
        builder.AddMetricsGraphQL();
        using var services = builder.Services.BuildServiceProvider();
        var sdl = GraphQLRegistration.PrintSdl(services.GetRequiredService<ISchema>());
        File.WriteAllText(path, sdl);
        stdout.WriteLine($"Wrote {Path.GetFullPath(path)} ({sdl.Length} characters).");
        return 0;
    }

    /// <summary><c>schema/metrics.graphql</c> of the repository (dotnet run starts in the project folder).</summary>
    private static string DefaultPath()
    {
        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MetricsApi.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? Directory.GetCurrentDirectory(), "schema", "metrics.graphql");
    }
}
