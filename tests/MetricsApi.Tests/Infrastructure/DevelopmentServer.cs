using System.Net;
using System.Net.Sockets;
using MetricsApi.Access.Authentication.DevTokens;
using Microsoft.Extensions.Configuration;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The server as a newcomer runs it (<c>dotnet run</c>: environment Development, SQLite and the dev
/// signing key in a data folder of its own), as a real process on a real port, with dev tokens minted
/// as <c>dev-token</c> mints them. For what needs a real socket: a browser, the README's examples.
/// </summary>
public sealed class DevelopmentServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private DevelopmentServer(ServerProcess process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string Output => _process.Output;

    /// <summary>Starts it (with <paramref name="settings"/> as environment variables, e.g. <c>Demo__Seed</c>) and waits until it is ready.</summary>
    public static async Task<DevelopmentServer> StartAsync(TimeSpan readyWithin, params (string Key, string Value)[] settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("metricsapi-dev-").FullName;
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var process = ServerProcess.Start(environment, "--urls", baseUrl);
        var server = new DevelopmentServer(process, baseUrl, dataDirectory);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + readyWithin;
        while (true)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = process.Output;
                await server.DisposeAsync();
                throw new Xunit.Sdk.XunitException($"The Development server did not become ready:\n{output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A dev token, as <c>dev-token --user NAME --role ROLE</c> prints it for this server's data folder.</summary>
    public string Token(string user, params string[] roles)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = DataDirectory })
            .Build();
        var key = DevSigningKey.LoadOrCreate(configuration, AppContext.BaseDirectory);
        return DevTokenIssuer.Create(user, roles, TimeSpan.FromHours(1), key, DevIdentity.From(configuration));
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment after the kill; the temp folder is cleaned later.
        }
    }
}
