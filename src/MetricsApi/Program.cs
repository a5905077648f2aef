using MetricsApi.Access.Authentication;
using MetricsApi.Access.Policy;
using MetricsApi.Cli;
using MetricsApi.Data;
using MetricsApi.Export;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Hosting;
using MetricsApi.Releases.Publish;
using MetricsApi.Releases.Read;
using MetricsApi.Targets;

if (CommandLine.TryRun(args, out var exitCode))
{
    return exitCode;
}

// Whatever stops the start (database unreachable, folder unwritable, port taken) is one line on
// stderr and exit code 1; HostAbortedException is how WebApplicationFactory stops us after Build.
#pragma warning disable CA1031
try
{
    var builder = WebApplication.CreateBuilder(EnvironmentDefaults.Options(args));
    if (!builder.ValidateConfiguration(Console.Error))
    {
        return StartupFailure.ExitCode;
    }

    builder.AddMetricsDatabase().AddMetricsAuthentication().AddMetricsGraphQL().AddMetricsHealthChecks().AddAuditLog().AddAuditCheckpoints().AddIngestion().AddOrgData().AddCatalogue().AddPolicy().AddReleases().AddReads().AddTargets().AddMetricsCors();

    await using var app = builder.Build();
    await app.PrepareDatabaseAsync();
    app.UseMetricsCors();
    app.UseMetricsErrorResponses();
    app.UseStaticFiles();
    app.MapMetricsHealthChecks();
    app.MapMetricsGraphQL();
    app.MapIngestion();
    app.MapExports();
    app.PrintDevelopmentBanner();
    await app.StartAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    await Console.Error.WriteLineAsync(StartupFailure.Describe(ex));
    return StartupFailure.ExitCode;
}
#pragma warning restore CA1031
