namespace MetricsApi.Features.Ingestion;

/// <summary>Registers ingestion services.</summary>
public static class IngestionRegistration
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var key = PseudonymisationKey.Load(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(new Pseudonymiser(key));
        return builder;
    }
}
