using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MetricsApi.Hosting;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (database reachable and migrated).</summary>
public static class HealthRegistration
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddMetricsHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapMetricsHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
