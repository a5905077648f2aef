using MetricsApi.Releases.Read;
using MetricsApi.Targets.Define;
using MetricsApi.Targets.Progress;

namespace MetricsApi.Targets;

/// <summary>Registers targets: their lifecycle, reader, progress and its cost.</summary>
public static class TargetsRegistration
{
    public static WebApplicationBuilder AddTargets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<TargetOptions>(builder.Configuration.GetSection(TargetOptions.Section));
        builder.Services.AddScoped<TargetService>();
        builder.Services.AddScoped<TargetReader>();
        builder.Services.AddScoped<TargetProgressReader>();
        builder.Services.AddScoped<TargetProgressCost>();
        builder.Services.AddScoped<IGovernedFieldCost>(s => s.GetRequiredService<TargetProgressCost>());
        return builder;
    }
}
