using MetricsApi.Data;
using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Features.Ingestion;

namespace MetricsApi.Hosting;

/// <summary>
/// Checks configuration before the host starts, so a misconfigured deployment exits with a message
/// naming every missing or invalid key instead of running and answering 500 to every request.
/// </summary>
public static class StartupValidator
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration, IHostEnvironment environment)
    {
        var errors = new List<string>();
        var development = environment.IsDevelopment();

        var provider = configuration[DatabaseSettings.ProviderKey];
        if (string.IsNullOrWhiteSpace(provider))
        {
            if (!development)
            {
                errors.Add($"{DatabaseSettings.ProviderKey} is missing: set it to Sqlite, PostgreSql or SqlServer.");
            }
        }
        else if (DatabaseSettings.TryParseProvider(provider) is null)
        {
            errors.Add($"{DatabaseSettings.ProviderKey} '{provider}' is invalid: use Sqlite, PostgreSql or SqlServer.");
        }

        var providerValue = DatabaseSettings.TryParseProvider(provider ?? "") ?? DatabaseProvider.Sqlite;
        if (string.IsNullOrWhiteSpace(configuration[DatabaseSettings.ConnectionStringKey])
            && (!development || providerValue != DatabaseProvider.Sqlite))
        {
            errors.Add($"{DatabaseSettings.ConnectionStringKey} is missing: set the connection string of the {providerValue} database.");
        }

        if (!development)
        {
            RequireUrl(configuration, "AzureAd:Instance", errors);
            Require(configuration, "AzureAd:TenantId", "the Entra tenant id of the API's app registration", errors);
            Require(configuration, "AzureAd:ClientId", "the application (client) id of the API's app registration", errors);
        }

        // Development generates a local pseudonymisation key when none is configured; elsewhere the
        // service refuses to start without one (invariant 7: the key lives outside the database).
        var key = configuration[PseudonymisationKey.ConfigurationKey];
        if (!development || !string.IsNullOrWhiteSpace(key))
        {
            if (PseudonymisationKey.Problem(key) is { } problem)
            {
                errors.Add(problem);
            }
        }

        // The audit checkpoint key, like the pseudonymisation key, lives outside the database; only
        // Development generates one.
        var checkpointKey = configuration[CheckpointSigningKey.ConfigurationKey];
        if ((!development || !string.IsNullOrWhiteSpace(checkpointKey)) && CheckpointSigningKey.Problem(checkpointKey) is { } keyProblem)
        {
            errors.Add(keyProblem);
        }

        var origin = configuration[$"{AuditCheckpointOptions.Section}:{nameof(AuditCheckpointOptions.CheckpointOrigin)}"];
        if (origin is not null && AuditCheckpointOptions.OriginProblem(origin) is { } originProblem)
        {
            errors.Add(originProblem);
        }

        errors.AddRange(CorsRegistration.Origins(configuration).Select(CorsRegistration.Problem).OfType<string>());
        return errors;
    }

    private static void Require(IConfiguration configuration, string key, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(configuration[key]))
        {
            errors.Add($"{key} is missing: set it to {what}.");
        }
    }

    private static void RequireUrl(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is missing: set it to the identity provider's instance URL, e.g. https://login.microsoftonline.com/.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{key} '{value}' is invalid: it must be an absolute https URL.");
        }
    }
}
