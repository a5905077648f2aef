using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>One application per test class, seeded once with <see cref="GoldenDataset"/>: the tests only read.</summary>
public abstract class GoldenApp(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory? _factory;

    public MetricsApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _factory = await MetricsApiFactory.CreateAsync(kind);
        await GoldenDataset.SeedAsync(_factory);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

public sealed class GoldenSqliteApp() : GoldenApp(DatabaseKind.Sqlite);

public sealed class GoldenPostgreSqlApp() : GoldenApp(DatabaseKind.PostgreSql);
