using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using Microsoft.Extensions.Options;

namespace MetricsApi.Tools.Bench;

/// <summary>
/// The ingestion path with the database write stubbed out: the same NDJSON reader, validator and
/// pseudonymiser the service runs for each event, over a file, timed. Org units are loaded into a
/// scratch SQLite database first (through the real service), as team names must resolve.
/// </summary>
public static class ValidateCommand
{
    public static async Task<int> RunAsync(string file, string[] rest)
    {
        var passes = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 3;
        var scratch = Directory.CreateTempSubdirectory("ingest-bench-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = "Development",
                Args = [$"--Storage:DataDirectory={scratch}", $"--ConnectionStrings:Metrics=Data Source={Path.Combine(scratch, "bench.db")}"],
            });
            builder.Logging.ClearProviders();
            builder.AddMetricsDatabase().AddAuditLog().AddIngestion().AddOrgData();
            await using var app = builder.Build();
            await app.MigrateMetricsDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            services.GetRequiredService<AuditActor>().UseSystemIdentity("bench");
            var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
            await services.GetRequiredService<IngestionService>().IngestAsync(OrgUnitsAsync(file, options.MaxLineBytes), CancellationToken.None);
            var directory = await OrgDirectory.LoadAsync(services.GetRequiredService<MetricsDbContext>(), CancellationToken.None);
            var pseudonymiser = services.GetRequiredService<Pseudonymiser>();
            var rates = new List<double>();
            for (var pass = 0; pass < passes; pass++)
            {
                var clock = Stopwatch.StartNew();
                int valid = 0, invalid = 0;
                await using var stream = File.OpenRead(file);
                await foreach (var item in NdjsonReader.ReadAsync(PipeReader.Create(stream), options.MaxLineBytes, CancellationToken.None))
                {
                    // As IngestionService does it, event by event.
                    var now = DateTime.UtcNow;
                    var (_, error) = item.ReadError is null
                        ? new EventValidator(pseudonymiser, options.Tools, now, options.FutureTolerance).Validate(item.Event, item.Position, directory)
                        : (null, item.ReadError);
                    _ = error is null ? valid++ : invalid++;
                }

                rates.Add((valid + invalid) / clock.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"pass {pass + 1}: {valid + invalid} events ({invalid} invalid) in {clock.Elapsed.TotalSeconds:F2} s");
            }

            rates.Sort();
            Console.WriteLine(rates[rates.Count / 2].ToString("F0", CultureInfo.InvariantCulture));
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async IAsyncEnumerable<IngestItem> OrgUnitsAsync(string file, int maxLineBytes)
    {
        await using var stream = File.OpenRead(file);
        await foreach (var item in NdjsonReader.ReadAsync(PipeReader.Create(stream), maxLineBytes, CancellationToken.None))
        {
            if (item.ReadError is null && item.Event.TryGetProperty("type", out var type) && type.GetString() == EventTypes.OrgUnit)
            {
                yield return item;
            }
        }
    }
}
