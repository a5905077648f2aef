using MetricsApi.Access.Authentication;
using MetricsApi.Access.Policy;
using MetricsApi.Cli;
using MetricsApi.Data;
using MetricsApi.Export;
using MetricsApi.Features.Audit;
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

var builder = WebApplication.CreateBuilder(EnvironmentDefaults.Options(args));
if (!builder.ValidateConfiguration(Console.Error))
{
    return 1;
}

builder.AddMetricsDatabase().AddMetricsAuthentication().AddMetricsGraphQL().AddMetricsHealthChecks().AddAuditLog().AddIngestion().AddOrgData().AddCatalogue().AddPolicy().AddReleases().AddReads().AddTargets().AddMetricsCors();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseMetricsCors();
app.UseStaticFiles();
app.MapMetricsHealthChecks();
app.MapMetricsGraphQL();
app.MapIngestion();
app.MapExports();
app.PrintDevelopmentBanner();
await app.RunAsync();
return 0;
