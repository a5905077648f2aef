using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Data;

/// <summary>The SQLite flavour of the model; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteMetricsDbContext(DbContextOptions<SqliteMetricsDbContext> options) : MetricsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        UtcDateTimeConvention.Apply(configurationBuilder);
}

/// <summary>The PostgreSQL flavour of the model; its migrations live in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlMetricsDbContext(DbContextOptions<PostgreSqlMetricsDbContext> options) : MetricsDbContext(options);

/// <summary>The SQL Server flavour of the model; its migrations live in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerMetricsDbContext(DbContextOptions<SqlServerMetricsDbContext> options) : MetricsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        UtcDateTimeConvention.Apply(configurationBuilder);
}
