using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MetricsApi.Data;

// `dotnet ef` uses these instead of starting the web host, so migrations can be added and checked
// without configuration or a running server. The connection strings are never opened by
// `migrations add`, `has-pending-model-changes` or `script`.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMetricsDbContext>
{
    public SqliteMetricsDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqliteMetricsDbContext>(), DatabaseProvider.Sqlite, "Data Source=design.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlMetricsDbContext>
{
    public PostgreSqlMetricsDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<PostgreSqlMetricsDbContext>(), DatabaseProvider.PostgreSql, "Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMetricsDbContext>
{
    public SqlServerMetricsDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqlServerMetricsDbContext>(), DatabaseProvider.SqlServer, "Server=localhost;Database=design;TrustServerCertificate=true").Options);
}
