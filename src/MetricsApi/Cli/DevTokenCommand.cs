using System.Globalization;
using MetricsApi.Access;
using MetricsApi.Access.Authentication.DevTokens;
using MetricsApi.Hosting;

namespace MetricsApi.Cli;

/// <summary>
/// <c>dev-token --user NAME --role ROLE [--role ROLE ...] [--minutes N]</c>: prints a token the
/// Development server accepts, and nothing else, on stdout. Refuses outside Development.
/// </summary>
public static class DevTokenCommand
{
    public const string Name = "dev-token";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? user = null;
        var roles = new List<string>();
        var minutes = 8 * 60;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Length:
                    user = args[++i];
                    break;
                case "--role" when i + 1 < args.Length:
                    var role = args[++i];
                    var known = Roles.Normalise(role);
                    if (known is null)
                    {
                        stderr.WriteLine($"dev-token: unknown role '{role}'. Known roles: {string.Join(", ", Roles.All)}.");
                        return 2;
                    }

                    roles.Add(known);
                    break;
                case "--minutes" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes is < 1 or > 7 * 24 * 60)
                    {
                        stderr.WriteLine("dev-token: --minutes must be a whole number between 1 and 10080.");
                        return 2;
                    }

                    break;
                default:
                    // Anything else is host configuration (e.g. --Storage:DataDirectory=...).
                    hostArgs.Add(args[i]);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(user) || roles.Count == 0)
        {
            stderr.WriteLine("usage: dotnet run --project src/MetricsApi -- dev-token --user <name> --role <Role> [--role <Role> ...] [--minutes <n>]");
            stderr.WriteLine($"roles: {string.Join(", ", Roles.All)}");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(EnvironmentDefaults.Options([.. hostArgs]));
        if (!builder.Environment.IsDevelopment())
        {
            stderr.WriteLine($"dev-token: refused in environment '{builder.Environment.EnvironmentName}'. Dev tokens exist only in Development; use tokens from Entra ID elsewhere.");
            return 2;
        }

        var key = DevSigningKey.LoadOrCreate(builder.Configuration, builder.Environment.ContentRootPath);
        var token = DevTokenIssuer.Create(user.Trim(), roles.Distinct().ToList(), TimeSpan.FromMinutes(minutes), key, DevIdentity.From(builder.Configuration));
        stdout.WriteLine(token);
        return 0;
    }
}
