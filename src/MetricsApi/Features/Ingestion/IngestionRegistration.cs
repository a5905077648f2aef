using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Writing;

namespace MetricsApi.Features.Ingestion;

/// <summary>Registers ingestion services.</summary>
public static class IngestionRegistration
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = PseudonymisationKey.Load(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(new Pseudonymiser(key));
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection(IngestionOptions.Section));
        builder.Services.AddSingleton<IdempotencyLedger>();
        builder.Services.AddSingleton<DeliverySummary>();
        builder.Services.AddSingleton<TelemetryWriter>(services => services.GetRequiredService<DatabaseSettings>().Provider switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlTelemetryWriter(),
            DatabaseProvider.SqlServer => new SqlServerTelemetryWriter(),
            _ => new SqliteTelemetryWriter(),
        });
        builder.Services.AddScoped<OrgFeedWriter>();
        builder.Services.AddScoped<IngestionService>();
        return builder;
    }
}
