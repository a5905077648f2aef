namespace MetricsApi.Access.Policy;

/// <summary>Registers the policy services.</summary>
public static class PolicyRegistration
{
    public static WebApplicationBuilder AddPolicy(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<PolicyStore>();
        builder.Services.AddScoped<AccessExplainer>();
        builder.Services.AddScoped<Releases.Read.GovernedReader>();
        return builder;
    }
}
