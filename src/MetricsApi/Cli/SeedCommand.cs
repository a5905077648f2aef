using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using MetricsApi.Cli.Demo;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using MetricsApi.Hosting;
using Microsoft.Extensions.Options;

namespace MetricsApi.Cli;

/// <summary>
/// <c>seed --teams N --weeks W --seed S [--end YYYY-MM-DD]</c>: generates a realistic organisation
/// and its telemetry and writes it through the real ingestion code into the configured database,
/// printing progress and a summary. The same seed and end date give the same events.
/// </summary>
public static class SeedCommand
{
    public const string Name = "seed";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        int teams = 2100, weeks = 52, seed = 42, usageScale = 1;
        var end = MondayOf(DateOnly.FromDateTime(DateTime.UtcNow));
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var ok = args[i] switch
            {
                "--teams" when i + 1 < args.Length => int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out teams) && teams is >= 1 and <= 100_000,
                "--weeks" when i + 1 < args.Length => int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out weeks) && weeks is >= 1 and <= 520,
                "--seed" when i + 1 < args.Length => int.TryParse(args[++i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed),
                "--usage-scale" when i + 1 < args.Length => int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out usageScale) && usageScale is >= 1 and <= 100,
                "--end" when i + 1 < args.Length => DateOnly.TryParseExact(args[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end),
                _ => Keep(hostArgs, args[i]),
            };
            if (!ok)
            {
                stderr.WriteLine($"seed: invalid value for {args[i - 1]}.");
                stderr.WriteLine("usage: dotnet run --project src/MetricsApi -- seed [--teams 1..100000] [--weeks 1..520] [--seed N] [--end YYYY-MM-DD] [--usage-scale 1..100]");
                return 2;
            }
        }

        if (end > DateOnly.FromDateTime(DateTime.UtcNow))
        {
            stderr.WriteLine("seed: --end must not lie in the future (ingestion rejects future timestamps).");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(EnvironmentDefaults.Options([.. hostArgs]));
        if (!builder.ValidateConfiguration(stderr))
        {
            return 1;
        }

        builder.Logging.ClearProviders();
        builder.AddMetricsDatabase().AddAuditLog().AddIngestion().AddOrgData();
        await using var app = builder.Build();
        await app.MigrateMetricsDatabaseAsync().ConfigureAwait(false);
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        stdout.WriteLine($"Seeding {teams} teams x {weeks} weeks (seed {seed}, period ending {end:yyyy-MM-dd}) into {settings.Provider}.");
        var result = await GenerateAsync(app.Services, new GeneratorOptions(teams, weeks, seed, end, UsageScale: usageScale), stdout).ConfigureAwait(false);
        return result.Rejected == 0 ? 0 : 1;
    }

    /// <summary>Runs the generator through the ingestion service as the system identity and prints a summary.</summary>
    public static async Task<IngestResult> GenerateAsync(IServiceProvider services, GeneratorOptions options, TextWriter stdout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().UseSystemIdentity("seed");
        var tools = scope.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value.Tools;
        var generator = new OrganisationGenerator(options, tools);
        var clock = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<IngestionService>()
            .IngestAsync(WithProgressAsync(generator.GenerateAsync(cancellationToken), stdout, clock, cancellationToken), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        var total = generator.Counts.Values.Sum();
        stdout.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s: {total:N0} events, {total / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s.");
        foreach (var (type, count) in generator.Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            stdout.WriteLine($"  {type,-16} {count,12:N0}");
        }

        stdout.WriteLine($"  accepted {result.Accepted:N0}, duplicates {result.Duplicates:N0}, rejected {result.Rejected:N0}");
        foreach (var error in result.Errors.Take(5))
        {
            stdout.WriteLine($"  rejected #{error.Position}: {error.Field} {error.Code} {error.Message}");
        }

        return result;
    }

    private static async IAsyncEnumerable<IngestItem> WithProgressAsync(IAsyncEnumerable<IngestItem> items, TextWriter stdout, Stopwatch clock, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (++count % 250_000 == 0)
            {
                stdout.WriteLine($"  {count:N0} events, {count / clock.Elapsed.TotalSeconds:N0} events/s");
            }

            yield return item;
        }
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static bool Keep(List<string> hostArgs, string arg)
    {
        hostArgs.Add(arg);
        return true;
    }
}
