using System.Text.Json.Nodes;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Docs;

/// <summary>
/// The Development server a newcomer starts (<c>dotnet run</c>): demo organisation seeded, releases
/// built, demo targets set, on a real port. Shared by the README's examples and the demo's story,
/// which never change what the other reads.
/// </summary>
public sealed class DemoServer : IAsyncLifetime
{
    public DevelopmentServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DevelopmentServer.StartAsync(TimeSpan.FromMinutes(10));

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    public HttpClient As(string user, params string[] roles) => Server.Client(Server.Token(user, roles));
}

[CollectionDefinition(Name)]
public sealed class DemoServerGroup : ICollectionFixture<DemoServer>
{
    public const string Name = "Development server with the demo organisation";
}

/// <summary>Helpers for reading the demo server's answers.</summary>
public static class DemoResponses
{
    public static JsonNode Data(this GraphQLResponse response, string field)
    {
        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
        return response.Data![field]!;
    }
}
