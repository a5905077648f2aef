using MetricsApi.Authorization;
using MetricsApi.Cli;
using MetricsApi.Data;
using MetricsApi.Features.Audit;
using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Ingestion.Generator;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;
using MetricsApi.Hosting;

if (CommandLine.TryRun(args, out var exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(EnvironmentDefaults.Options(args));
if (!builder.ValidateConfiguration(Console.Error))
{
    return 1;
}

builder.AddMetricsDatabase().AddMetricsAuthentication().AddMetricsGraphQL().AddMetricsHealthChecks().AddAuditLog().AddIngestion().AddOrgData();

var app = builder.Build();
await app.MigrateMetricsDatabaseAsync();
await app.SeedDemoOrganisationAsync();
app.UseStaticFiles();
app.MapMetricsHealthChecks();
app.MapMetricsGraphQL();
app.MapIngestion();
app.PrintDevelopmentBanner();
await app.RunAsync();
return 0;
