using MetricsApi.Cli.Demo;
using MetricsApi.Features.Catalogue;
using MetricsApi.Hosting;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Data;

/// <summary>Registers the provider-specific context as <see cref="MetricsDbContext"/> and migrates at start-up.</summary>
public static class DatabaseRegistration
{
    public static WebApplicationBuilder AddMetricsDatabase(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                Register<SqliteMetricsDbContext>(builder.Services, settings);
                break;
            case DatabaseProvider.PostgreSql:
                Register<PostgreSqlMetricsDbContext>(builder.Services, settings);
                break;
            case DatabaseProvider.SqlServer:
                Register<SqlServerMetricsDbContext>(builder.Services, settings);
                break;
            default:
                throw new InvalidOperationException($"Unsupported provider {settings.Provider}.");
        }

        return builder;
    }

    private static void Register<TContext>(IServiceCollection services, DatabaseSettings settings)
        where TContext : MetricsDbContext
    {
        services.AddDbContext<MetricsDbContext, TContext>(o => Configure(o, settings.Provider, settings.ConnectionString));
    }

    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString),
            _ => throw new InvalidOperationException($"Unsupported provider {provider}."),
        };

    internal static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> options, DatabaseProvider provider, string connectionString)
        where T : DbContext
    {
        Configure((DbContextOptionsBuilder)options, provider, connectionString);
        return options;
    }

    /// <summary>
    /// Migrates, then publishes the standard catalogue and (Development) seeds the demo organisation
    /// into an empty database. With <c>Database:MigrateAtStartup=false</c> the database is left alone
    /// entirely, so the server starts (and reports not ready) even while the database is down.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("Database:MigrateAtStartup", defaultValue: true))
        {
            return;
        }

        await DatabaseProbe.EnsureReachableAsync(app.Services.GetRequiredService<DatabaseSettings>(), cancellationToken).ConfigureAwait(false);
        await app.MigrateMetricsDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await app.PublishStandardCatalogueAsync(cancellationToken).ConfigureAwait(false);
        await app.SeedDemoOrganisationAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies pending migrations at start-up unless <c>Database:MigrateAtStartup</c> is false (for
    /// deployments that apply the generated SQL scripts themselves; <c>/health/ready</c> then reports
    /// unapplied migrations).
    /// </summary>
    public static async Task MigrateMetricsDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("Database:MigrateAtStartup", defaultValue: true))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MetricsDbContext>();
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new StartupException("applying the database migrations failed: " + DatabaseProbe.Describe(scope.ServiceProvider.GetRequiredService<DatabaseSettings>(), ex), ex);
        }
    }
}
