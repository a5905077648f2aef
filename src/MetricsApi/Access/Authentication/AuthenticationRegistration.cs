using MetricsApi.Access.Authentication.DevTokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MetricsApi.Access.Authentication;

/// <summary>Bearer-token authentication through Microsoft.Identity.Web (section <c>AzureAd</c>).</summary>
public static class AuthenticationRegistration
{
    public static WebApplicationBuilder AddMetricsAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));

        // Keep the token's own claim names ("roles", "name", "oid"): roles map to ASP.NET roles.
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.RoleClaimType = "roles";
        });

        // Every caller is accountable by its object id (audit log, approvals, own usage). Entra access
        // tokens for users and applications always carry one; a token without one is refused here,
        // once, for every endpoint, rather than served as an unknown principal.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context).ConfigureAwait(false);
                if (context.Result is null && context.Principal?.GetObjectId() is null)
                {
                    context.Fail("The token has no usable object id (oid) claim.");
                }
            };
        });

        if (builder.Environment.IsDevelopment())
        {
            // Development trusts only the locally generated key; no metadata is fetched. Outside
            // Development this block does not exist, so a dev token is just a token with an unknown key.
            var key = DevSigningKey.LoadOrCreate(builder.Configuration, builder.Environment.ContentRootPath);
            var identity = DevIdentity.From(builder.Configuration);
            builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                TrustStaticKey(options, identity.Issuer, identity.Audience, key));
        }

        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Validates tokens offline against one known signing key, issuer and audience. Used by
    /// Development and by the tests; the real handler, lifetime and algorithm checks all still run.
    /// </summary>
    public static void TrustStaticKey(JwtBearerOptions options, string issuer, string audience, Microsoft.IdentityModel.Tokens.SecurityKey key)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer };
        configuration.SigningKeys.Add(key);
        options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        var parameters = options.TokenValidationParameters;
        parameters.ValidIssuer = issuer;
        parameters.ValidIssuers = [issuer];
        parameters.IssuerValidator = null;
        parameters.ValidAudience = audience;
        parameters.ValidAudiences = [audience];
        parameters.IssuerSigningKeys = [key];
        parameters.ValidateIssuer = true;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.ValidateIssuerSigningKey = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidAlgorithms = ["RS256"];
    }
}
