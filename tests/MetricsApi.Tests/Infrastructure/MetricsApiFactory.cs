using MetricsApi.Access.Authentication;
using MetricsApi.Tests.Features.Ingestion;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The real application over the real HTTP pipeline, configured like a deployment outside
/// Development (environment "Testing"): Microsoft.Identity.Web validates bearer tokens, trusting the
/// test signing key offline, and the database is a fresh SQLite file or PostgreSQL database.
/// </summary>
public class MetricsApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("metricsapi-test-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public MetricsApiFactory(DatabaseKind database, string connectionString, string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        Database = database;
        ConnectionString = connectionString;
        Environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSql",
            ["ConnectionStrings:Metrics"] = connectionString,
            ["AzureAd:Instance"] = TestTokens.Instance,
            ["AzureAd:TenantId"] = TestTokens.TenantId,
            ["AzureAd:ClientId"] = TestTokens.ClientId,
            ["Storage:DataDirectory"] = _directory,
            ["Pseudonymisation:Key"] = TestPseudonymisationKey,
            ["Audit:CheckpointSigningKey"] = TestCheckpointSigningKey,
            // Tests build releases when they choose (BuildReleasesAsync), not in the background mid-seed.
            ["Releases:Background"] = "false",
            ["Releases:ClockSkewSeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The pseudonymisation key deployments outside Development must configure (32 bytes, base64).</summary>
    public const string TestPseudonymisationKey = "dGVzdC1wc2V1ZG9ueW1pc2F0aW9uLWtleS0zMi1ieXRlcyE=";

    /// <summary>The audit checkpoint signing key deployments outside Development must configure (P-256, PKCS#8, base64; made once per test run).</summary>
    public static string TestCheckpointSigningKey { get; } = CreateCheckpointKey();

    public DatabaseKind Database { get; }

    public string ConnectionString { get; }

    public string Environment { get; }

    public string DataDirectory => _directory;

    /// <summary>When set before the server starts, receives every log entry of the application.</summary>
    public LogCapture? Logs { get; set; }

    /// <summary>Trust the test signing key (on top of whatever the environment trusts).</summary>
    public bool TrustTestKey { get; set; } = true;

    public static MetricsApiFactory Sqlite(string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"metricsapi-test-{Guid.NewGuid():N}.db");
        return new MetricsApiFactory(DatabaseKind.Sqlite, $"Data Source={file}", environment, settings);
    }

    public static async Task<MetricsApiFactory> CreateAsync(DatabaseKind database, IDictionary<string, string?>? settings = null) => database switch
    {
        DatabaseKind.Sqlite => Sqlite(settings: settings),
        _ => new MetricsApiFactory(DatabaseKind.PostgreSql, await PostgresServer.CreateDatabaseAsync(), settings: settings),
    };

    /// <summary>The application on an existing PostgreSQL database (e.g. one reached through a <see cref="TcpProxy"/>).</summary>
    public static MetricsApiFactory PostgreSqlAt(string connectionString, IDictionary<string, string?>? settings = null) =>
        new(DatabaseKind.PostgreSql, connectionString, settings: settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Logs is { } logs)
        {
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }

        if (TrustTestKey)
        {
            builder.ConfigureTestServices(services =>
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                    AuthenticationRegistration.TrustStaticKey(options, TestTokens.Issuer, TestTokens.ClientId, TestTokens.SigningKey)));
        }
    }

    /// <summary>
    /// Every test database gets its own connection pool; close its idle connections when the app
    /// goes, or hundreds of test databases exhaust the server's connection slots.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database == DatabaseKind.PostgreSql)
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }

        GC.SuppressFinalize(this);
    }

    private static string CreateCheckpointKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    /// <summary>A client whose requests carry the given bearer token.</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient ClientFor(string user, params string[] roles) => ClientWithToken(TestTokens.For(user, roles));

    /// <summary>Builds every due release now (what the background builder does on its next pass); returns the releases written.</summary>
    public Task<int> BuildReleasesAsync() => MetricsApi.Releases.Publish.ReleaseRegistration.BuildDueReleasesAsync(Services);
}
