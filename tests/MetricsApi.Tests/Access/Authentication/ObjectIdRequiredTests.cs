using MetricsApi.Tests.Features.Audit;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Access.Authentication;

/// <summary>
/// A caller is its Entra object id (<c>oid</c>): Entra access tokens for users and applications
/// always carry one. A token without a usable one is not a caller the service can hold accountable,
/// so it is UNAUTHENTICATED, never served or audited as someone else or as nobody.
/// </summary>
public sealed class ObjectIdRequiredTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static TheoryData<string, string> TokensWithoutObjectId => new()
    {
        { "sub but no oid", TestTokens.WithClaims("ursula", ["Auditor", "Ingestor"], c => c.Remove("oid")) },
        { "neither oid nor sub", TestTokens.WithClaims("ursula", ["Auditor", "Ingestor"], c => { c.Remove("oid"); c.Remove("sub"); }) },
        { "empty oid", TestTokens.WithClaims("ursula", ["Auditor", "Ingestor"], c => c["oid"] = "") },
        { "blank oid", TestTokens.WithClaims("ursula", ["Auditor", "Ingestor"], c => c["oid"] = "   ") },
        { "oid not a string", TestTokens.WithClaims("ursula", ["Auditor", "Ingestor"], c => c["oid"] = new[] { "a", "b" }) },
    };

    [Theory]
    [MemberData(nameof(TokensWithoutObjectId))]
    public async Task GraphQLRequestWithoutAnObjectIdIsUnauthenticatedAndNotAudited(string why, string token)
    {
        var before = (await app.Factory.AuditEntriesAsync()).Count;

        var viewer = await app.Factory.ClientWithToken(token).PostGraphQLAsync("{ viewer { objectId } }");
        var auditLog = await app.Factory.ClientWithToken(token).PostGraphQLAsync("{ auditLog { totalCount } }");

        Assert.True(viewer.Status == 401 && auditLog.Status == 401, $"{why}: {viewer} / {auditLog}");
        Assert.Equal(["UNAUTHENTICATED"], viewer.ErrorCodes);
        Assert.Equal(["UNAUTHENTICATED"], auditLog.ErrorCodes);
        Assert.Null(auditLog.Data);
        var entries = await app.Factory.AuditEntriesAsync();
        Assert.Equal(before + 1, entries.Count); // only the auditor's own read below
        Assert.DoesNotContain(entries, e => e!["principalId"]!.GetValue<string>() is "" or "unknown" || e["principalName"]!.GetValue<string>() == "ursula");
    }

    [Theory]
    [MemberData(nameof(TokensWithoutObjectId))]
    public async Task IngestionWithoutAnObjectIdIsUnauthenticated(string why, string token)
    {
        var response = await app.Factory.ClientWithToken(token).PostNdjsonAsync(TestEvents.Survey("s-" + why.Replace(' ', '-')));

        Assert.True(response.Status == 401, $"{why}: {response}");
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task TokenWithAnObjectIdIsServedAsThatObjectId()
    {
        var response = await app.Factory.ClientFor("ursula", "Engineer").PostGraphQLAsync("{ viewer { objectId displayName } }");

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(TestTokens.ObjectIdFor("ursula"), response.Data!["viewer"]!["objectId"]!.GetValue<string>());
    }
}
