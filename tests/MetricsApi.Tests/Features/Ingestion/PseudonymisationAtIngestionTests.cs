using System.Net.Http.Headers;
using System.Text;
using MetricsApi.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// Invariant 7: a raw person identifier (e-mail or object id) is never stored or logged. Ingests
/// people on both paths, then reads the whole SQLite database (with its WAL) and every log entry,
/// at the most verbose level, as an attacker or an operator could.
/// </summary>
public sealed class PseudonymisationAtIngestionTests : IAsyncLifetime, IDisposable
{
    private const string Email = "grace.hopper@example.com";
    private const string ObjectId = "6f1c2b3a-94d8-4e7f-a1b2-3c4d5e6f7a8b";

    private static readonly string[] RawIdentifiers = [Email, "grace.hopper", ObjectId, ObjectId.Replace("-", "", StringComparison.Ordinal)];

    private readonly MetricsApiFactory _factory = MetricsApiFactory.Sqlite();
    private readonly LogCapture _logs = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs).AddFilter<LogCapture>(null, LogLevel.Trace)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    private HttpClient Ingestor()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("feed", "Ingestor"));
        return client;
    }

    [Fact]
    public async Task RawPersonIdentifiersAreNeitherStoredNorLoggedOnEitherPath()
    {
        var ndjson = await Ingestor().PostNdjsonAsync(
            [.. OrgTree(),
            Survey("s-1", person: Email),
            Survey("s-2", person: "  GRACE.HOPPER@EXAMPLE.COM "),
            AiUsage("u-1", person: ObjectId),
            ToolAccess("t-1", person: ObjectId.ToUpperInvariant()),
            Membership("m-1", person: ObjectId),
            Survey("s-3", person: Email, score: 11)]);
        var graphQL = await Ingestor().IngestAsync(
            AiUsage("u-2", person: "Grace.Hopper@Example.com"),
            Manager("g-1", person: Email),
            Survey("s-4", person: ObjectId),
            ToolAccess("t-2", person: Email).With("tool", "Cursor"));
        var pseudonymiser = _app.Services.GetRequiredService<Pseudonymiser>();
        string[] pseudonyms = [pseudonymiser.Pseudonymise(Email), pseudonymiser.Pseudonymise(ObjectId)];

        Assert.True((ndjson.Accepted, ndjson.Rejected) == (9, 1), ndjson.ToString());
        Assert.Equal((3, 1), (graphQL.IngestResult().Number("accepted"), graphQL.IngestResult().Number("rejected")));
        AssertNoRawIdentifier("the NDJSON response", ndjson.Text);
        AssertNoRawIdentifier("the GraphQL response", graphQL.Body.ToJsonString());

        var stored = await ReadStoredBytesAfterShutdownAsync();

        foreach (var identifier in RawIdentifiers)
        {
            Assert.False(stored.Contains(identifier, StringComparison.OrdinalIgnoreCase), $"The database files contain '{identifier}'.");
        }

        Assert.All(pseudonyms, p => Assert.Contains(p, stored, StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Debug && e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        foreach (var (category, level, text) in _logs.Entries)
        {
            AssertNoRawIdentifier($"a {level} log entry of {category}", text);
        }
    }

    private static void AssertNoRawIdentifier(string where, string text)
    {
        foreach (var identifier in RawIdentifiers)
        {
            Assert.False(text.Contains(identifier, StringComparison.OrdinalIgnoreCase), $"{where} contains '{identifier}': {text}");
        }
    }

    /// <summary>
    /// Stops the application, closes every pooled connection, and returns the database file, its
    /// -wal and -shm files and everything in the data directory as one Latin-1 string (one char a byte,
    /// so UTF-8 text can be searched in it).
    /// </summary>
    private async Task<string> ReadStoredBytesAfterShutdownAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var database = new SqliteConnectionStringBuilder(_factory.ConnectionString).DataSource;
        var files = new[] { database, database + "-wal", database + "-shm", database + "-journal" }
            .Concat(Directory.EnumerateFiles(_factory.DataDirectory, "*", SearchOption.AllDirectories))
            .Where(File.Exists)
            .ToList();
        Assert.Contains(database, files);
        var bytes = new List<byte>();
        foreach (var file in files)
        {
            bytes.AddRange(await File.ReadAllBytesAsync(file));
        }

        return Encoding.Latin1.GetString([.. bytes]);
    }
}
