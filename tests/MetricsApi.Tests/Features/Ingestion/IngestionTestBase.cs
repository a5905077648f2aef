using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>A fresh application and database for every test, so counts of stored rows are exact.</summary>
public abstract class IngestionTestBase(DatabaseKind kind) : IAsyncLifetime
{
    protected MetricsApiFactory App { get; private set; } = null!;

    protected HttpClient Ingestor => App.Ingestor();

    // Ingestion tests count audit entries: start without the standard catalogue's entries.
    public async Task InitializeAsync() => App = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Catalogue:PublishStandard"] = "false" });

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Loads acme → org-eng → (team-a, team-b) through the NDJSON endpoint.</summary>
    protected async Task SeedOrgAsync()
    {
        var response = await Ingestor.PostNdjsonAsync(TestEvents.OrgTree());
        Assert.True(response.Status == 200 && response.Accepted == 4, response.ToString());
    }
}
