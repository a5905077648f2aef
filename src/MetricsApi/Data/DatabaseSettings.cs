using MetricsApi.Hosting;

namespace MetricsApi.Data;

/// <summary>Resolved database configuration: which provider and which connection string.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Metrics";

    /// <summary>
    /// Reads the settings. In Development a missing connection string means SQLite in the data
    /// directory; elsewhere the caller has already validated that one is configured.
    /// </summary>
    public static DatabaseSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var providerText = configuration[ProviderKey];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : TryParseProvider(providerText) ?? throw new InvalidOperationException(
                $"{ProviderKey} '{providerText}' is not one of Sqlite, PostgreSql, SqlServer.");
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"{ConnectionStringKey} is required for {provider}.");
            }

            var directory = DataDirectory.Ensure(configuration, environment.ContentRootPath);
            connectionString = $"Data Source={Path.Combine(directory, "metrics.db")}";
        }

        return new DatabaseSettings(provider, connectionString);
    }

    public static DatabaseProvider? TryParseProvider(string text) =>
        Enum.TryParse<DatabaseProvider>(text, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : null;
}
