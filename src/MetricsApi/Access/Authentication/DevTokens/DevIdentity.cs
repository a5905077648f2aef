namespace MetricsApi.Access.Authentication.DevTokens;

/// <summary>Issuer and audience of Development tokens, derived from the <c>AzureAd</c> section.</summary>
public sealed record DevIdentity(string Issuer, string Audience, string TenantId)
{
    public static DevIdentity From(IConfiguration configuration)
    {
        var tenantId = configuration["AzureAd:TenantId"] ?? "00000000-0000-0000-0000-000000000000";
        var clientId = configuration["AzureAd:ClientId"] ?? "metricsapi-dev";
        var instance = (configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
        return new DevIdentity($"{instance}/{tenantId}/v2.0", clientId, tenantId);
    }
}
