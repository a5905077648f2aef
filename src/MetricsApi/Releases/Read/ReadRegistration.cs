namespace MetricsApi.Releases.Read;

/// <summary>Registers the read path: the read plan, release lookups, group values, explanations and the caller's own usage.</summary>
public static class ReadRegistration
{
    public static WebApplicationBuilder AddReads(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ReadPlanner>();
        builder.Services.AddScoped<ReleaseLookup>();
        builder.Services.AddScoped<MetricValuesReader>();
        builder.Services.AddScoped<AccessExplainer>();
        builder.Services.AddScoped<SelfUsageReader>();
        builder.Services.AddScoped<ReadCost>();
        return builder;
    }
}
