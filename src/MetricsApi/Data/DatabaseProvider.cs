namespace MetricsApi.Data;

/// <summary>The database engines this service ships migrations for, chosen by <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
