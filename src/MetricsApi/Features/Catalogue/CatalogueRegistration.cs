namespace MetricsApi.Features.Catalogue;

/// <summary>Registers the catalogue services.</summary>
public static class CatalogueRegistration
{
    public static WebApplicationBuilder AddCatalogue(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<CatalogueService>();
        builder.Services.AddScoped<CatalogueReader>();
        builder.Services.AddScoped<LineageBuilder>();
        return builder;
    }
}
