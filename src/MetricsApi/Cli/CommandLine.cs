namespace MetricsApi.Cli;

/// <summary>Runs a sub-command (<c>dev-token</c>, <c>export-schema</c>, <c>seed</c>) instead of the server when one is named.</summary>
public static class CommandLine
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 0;
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case DevTokenCommand.Name:
                exitCode = DevTokenCommand.Run(args[1..], Console.Out, Console.Error);
                return true;
            case SeedCommand.Name:
                exitCode = SeedCommand.RunAsync(args[1..], Console.Out, Console.Error).GetAwaiter().GetResult();
                return true;
            case ExportSchemaCommand.Name:
                exitCode = ExportSchemaCommand.Run(args[1..], Console.Out);
                return true;
            default:
                return false;
        }
    }
}
