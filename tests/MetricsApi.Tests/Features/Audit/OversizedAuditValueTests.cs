using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>
/// Values the audit log records come partly from the request (operation name, the token's name).
/// An over-long one is cut to its column, so it can never make the audit write fail (and the request
/// with it) on providers that enforce lengths while SQLite would have stored it.
/// </summary>
public abstract class OversizedAuditValueTests(DatabaseKind kind) : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync() => _app = await MetricsApiFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Catalogue:PublishStandard"] = "false" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DeniedRequestWithAHugeOperationNameAndTokenNameIsStillRefusedAndAudited()
    {
        var operation = "Op" + new string('x', 5000);
        var token = TestTokens.WithClaims("eve", ["Engineer"], c => c["name"] = new string('E', 5000));

        var response = await _app.ClientWithToken(token).PostGraphQLAsync($"query {operation} {{ auditLog {{ totalCount }} }}");

        Assert.True(response.Status == 403, response.ToString());
        var entry = Assert.Single(await _app.AuditEntriesAsync("{ action: DENIED }"))!;
        Assert.Equal(200, entry["operationName"]!.GetValue<string>().Length);
        Assert.EndsWith("…", entry["operationName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, entry["principalName"]!.GetValue<string>().Length);
        Assert.True((await _app.VerifyAsync())["ok"]!.GetValue<bool>());
    }
}

public sealed class OversizedAuditValueTestsOnSqlite() : OversizedAuditValueTests(DatabaseKind.Sqlite);

public sealed class OversizedAuditValueTestsOnPostgreSql() : OversizedAuditValueTests(DatabaseKind.PostgreSql);
