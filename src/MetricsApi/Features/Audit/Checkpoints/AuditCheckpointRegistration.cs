namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>Registers the checkpoint signing key, the checkpointer and the periodic job.</summary>
public static class AuditCheckpointRegistration
{
    public static WebApplicationBuilder AddAuditCheckpoints(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(CheckpointSigningKey.Load(builder.Configuration, builder.Environment));
        builder.Services.Configure<AuditCheckpointOptions>(builder.Configuration.GetSection(AuditCheckpointOptions.Section));
        builder.Services.AddScoped<AuditCheckpointer>();
        builder.Services.AddHostedService<AuditCheckpointScheduler>();
        return builder;
    }
}
