using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// One started application per test class with <see cref="EvaluationData"/> loaded. Tests that share
/// it only read (and tell their audit entries apart by display name); tests that change the policy
/// or break the audit log start their own.
/// </summary>
public abstract class EvaluationApp : IAsyncLifetime
{
    private MetricsApiFactory? _factory;

    public abstract DatabaseKind Kind { get; }

    public MetricsApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _factory = await StartAsync(Kind);

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>A fresh application on a fresh database with the evaluation data loaded.</summary>
    public static async Task<MetricsApiFactory> StartAsync(DatabaseKind kind)
    {
        var factory = await MetricsApiFactory.CreateAsync(kind);
        await EvaluationData.SeedAsync(factory);
        return factory;
    }
}

/// <summary>The evaluation data on a fresh SQLite file.</summary>
public sealed class EvaluationAppOnSqlite : EvaluationApp
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

/// <summary>The evaluation data on a fresh database of the real PostgreSQL server.</summary>
public sealed class EvaluationAppOnPostgreSql : EvaluationApp
{
    public override DatabaseKind Kind => DatabaseKind.PostgreSql;
}
