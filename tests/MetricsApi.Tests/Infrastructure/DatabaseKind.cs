namespace MetricsApi.Tests.Infrastructure;

/// <summary>The database engines integration tests run against.</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
