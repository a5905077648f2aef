using MetricsApi.Access.Scope;
namespace MetricsApi.Features.Org;

/// <summary>Registers the org data services.</summary>
public static class OrgRegistration
{
    public static WebApplicationBuilder AddOrgData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ScopeResolver>();
        return builder;
    }
}
