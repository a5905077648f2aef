using MetricsApi.Data;


namespace MetricsApi.Releases.Publish;

/// <summary>Registers release building: the builder, its lease and (unless <c>Releases:Background=false</c>) the background scheduler.</summary>
public static class ReleaseRegistration
{
    public static WebApplicationBuilder AddReleases(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ReleaseOptions.Section);
        builder.Services.Configure<ReleaseOptions>(section);
        builder.Services.AddSingleton<ReleaseSignal>();
        builder.Services.AddSingleton<DimensionValues>();
        builder.Services.AddScoped<ReleaseWriter>();
        builder.Services.AddSingleton<ReleasedSourceCounts.Cache>();
        builder.Services.AddScoped<ReleasedSourceCounts>();
        builder.Services.AddScoped<ReleaseBuilder>();
        builder.Services.AddScoped<BuilderLease>();
        builder.Services.AddScoped<PeriodQueries>();
        builder.Services.AddScoped<FirstData>();
        builder.Services.AddScoped<IngestionSettling>();
        builder.Services.AddScoped<LateRecords>();
        builder.Services.AddScoped<ReleaseRevisions>();
        builder.Services.AddScoped<ReleaseStatusReader>();
        builder.Services.AddScoped<RevisionRequests>();
        if (section.GetValue(nameof(ReleaseOptions.Background), defaultValue: true))
        {
            builder.Services.AddHostedService<ReleaseScheduler>();
        }

        return builder;
    }

    /// <summary>
    /// Builds every due release now, in this process (Development's first start after seeding the demo
    /// organisation, so a newcomer's first read shows values; tests use it too).
    /// </summary>
    public static async Task<int> BuildDueReleasesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReleaseOptions>>().Value;
        // Whoever calls this has just finished loading: only the clock skew allowance has to pass.
        return await ReleaseScheduler.RunPassAsync(services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromSeconds(options.LeaseSeconds),
            options.ClockSkew(services.GetRequiredService<DatabaseSettings>().Provider), waitToSettle: true, cancellationToken).ConfigureAwait(false);
    }

}
