namespace MetricsApi.Access.Policy;

/// <summary>Registers the policy services.</summary>
public static class PolicyRegistration
{
    public static WebApplicationBuilder AddPolicy(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<PolicyStore>();
        return builder;
    }
}
