namespace MetricsApi.Features.Audit;

/// <summary>Registers the audit log services.</summary>
public static class AuditRegistration
{
    public static WebApplicationBuilder AddAuditLog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditAppendGate>();
        builder.Services.AddScoped<AuditActor>();
        builder.Services.AddScoped<TypedIdentifiers>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditVerifier>();
        builder.Services.AddScoped<AuditLogReader>();
        return builder;
    }
}
