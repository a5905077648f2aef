using MetricsApi.Access.Authentication.DevTokens;
using MetricsApi.Cli;
using MetricsApi.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace MetricsApi.Tests.Access.Authentication;

public sealed class DevTokenTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("metricsapi-devtoken-").FullName;

    private string[] HostArgs(string environment) =>
    [
        "--environment", environment,
        $"--Storage:DataDirectory={_dataDirectory}",
        $"--AzureAd:TenantId={TestTokens.TenantId}",
        $"--AzureAd:ClientId={TestTokens.ClientId}",
    ];

    [Fact]
    public async Task DevTokenCommandPrintsOnlyATokenThatTheDevelopmentServerAccepts()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = DevTokenCommand.Run(["--user", "alice", "--role", "Engineer", "--role", "Auditor", .. HostArgs("Development")], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var token = Assert.Single(lines).Trim();
        Assert.Equal(3, token.Split('.').Length);

        await using var factory = MetricsApiFactory.Sqlite("Development", new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory });
        factory.TrustTestKey = false; // only the locally generated dev key, exactly as configured
        var response = await factory.ClientWithToken(token).PostGraphQLAsync("{ viewer { displayName roles } }");

        Assert.Equal(200, response.Status);
        Assert.Equal("alice", response.Data!["viewer"]!["displayName"]!.GetValue<string>());
        Assert.Equal(["ENGINEER", "AUDITOR"], response.Data!["viewer"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task DevTokenIsRefusedOutsideDevelopmentEvenWithTheKeyOnDisk()
    {
        await using var factory = MetricsApiFactory.Sqlite("Production", new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _dataDirectory,
            ["AzureAd:TenantId"] = TestTokens.TenantId,
            ["AzureAd:ClientId"] = TestTokens.ClientId,
        }).Build();
        var key = DevSigningKey.LoadOrCreate(configuration, _dataDirectory);
        var token = DevTokenIssuer.Create("alice", ["Analyst"], TimeSpan.FromHours(1), key, DevIdentity.From(configuration));

        var response = await factory.ClientWithToken(token).PostGraphQLAsync("{ viewer { displayName } }");

        Assert.Equal(401, response.Status);
        Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
    }

    [Fact]
    public void DevTokenCommandRefusesOutsideDevelopment()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = DevTokenCommand.Run(["--user", "alice", "--role", "Engineer", .. HostArgs("Production")], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.ToString());
        Assert.Contains("only in Development", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--user", "alice", "--role", "Astronaut")]
    [InlineData("--user", "alice")]
    [InlineData("--role", "Engineer")]
    [InlineData("--user", "alice", "--role", "Engineer", "--minutes", "0")]
    public void DevTokenCommandRejectsIncompleteOrUnknownArguments(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = DevTokenCommand.Run([.. args, .. HostArgs("Development")], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.ToString());
        Assert.NotEqual("", stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
