using MetricsApi.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace MetricsApi.Tests.Features.Viewer;

public abstract class ViewerTests(AppFixture app)
{
    [Fact]
    public async Task ViewerReturnsTheCallersNameObjectIdAndKnownRoles()
    {
        var client = app.Factory.ClientFor("Dana Analyst", "Analyst", "Auditor", "Astronaut");

        var response = await client.PostGraphQLAsync("query { viewer { objectId displayName roles scope { id } } }");

        Assert.Equal(200, response.Status);
        Assert.Equal(TestTokens.ObjectIdFor("Dana Analyst"), response.Data!["viewer"]!["objectId"]!.GetValue<string>());
        Assert.Equal("Dana Analyst", response.Data!["viewer"]!["displayName"]!.GetValue<string>());
        Assert.Equal(["ANALYST", "AUDITOR"], response.Data!["viewer"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(response.Data!["viewer"]!["scope"]!.AsArray());
    }

    [Fact]
    public async Task ViewerWithoutKnownRolesStillAnswersWithNoRoles()
    {
        var client = app.Factory.ClientFor("Nobody", "Astronaut");

        var response = await client.PostGraphQLAsync("{ viewer { displayName roles } }");

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Data!["viewer"]!["roles"]!.AsArray());
    }
}

public sealed class ViewerTestsOnSqlite(SqliteApp app) : ViewerTests(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task ViewerResponseMatchesSnapshot()
    {
        var client = app.Factory.ClientFor("Erin Engineer", "Engineer", "Manager");

        var response = await client.PostGraphQLAsync("query Me { viewer { displayName roles scope { id name kind } } }");

        response.Body.ToJsonString().MatchSnapshot();
    }
}

public sealed class ViewerTestsOnPostgreSql(PostgreSqlApp app) : ViewerTests(app), IClassFixture<PostgreSqlApp>;
