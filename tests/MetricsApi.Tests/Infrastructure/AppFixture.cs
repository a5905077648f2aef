namespace MetricsApi.Tests.Infrastructure;

/// <summary>One started application per test class, on the database the subclass names.</summary>
public abstract class AppFixture : IAsyncLifetime
{
    private MetricsApiFactory? _factory;

    protected abstract DatabaseKind Kind { get; }

    public MetricsApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _factory = await MetricsApiFactory.CreateAsync(Kind);
        _ = _factory.Server; // start the host (and run migrations) before the first test
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

/// <summary>The application on a fresh SQLite file.</summary>
public sealed class SqliteApp : AppFixture
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

/// <summary>The application on a fresh database of the real PostgreSQL server.</summary>
public sealed class PostgreSqlApp : AppFixture
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}
