using System.Net;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Hosting;

public abstract class HealthTests(AppFixture app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAreHealthyOnAMigratedDatabase(string path)
    {
        using var response = await app.Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class HealthTestsOnSqlite(SqliteApp app) : HealthTests(app), IClassFixture<SqliteApp>;

public sealed class HealthTestsOnPostgreSql(PostgreSqlApp app) : HealthTests(app), IClassFixture<PostgreSqlApp>
{
    [Fact]
    public async Task ReadyIsUnhealthyWhenTheDatabaseIsUnreachable()
    {
        await using var factory = new MetricsApiFactory(DatabaseKind.PostgreSql, "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=y;Timeout=2");
        var client = factory.WithWebHostBuilder(b => b.UseSetting("Database:MigrateAtStartup", "false")).CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
