using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>A verification over an impossible range is a question that cannot be answered, not "ok, 0 checked".</summary>
public sealed class VerifyRangeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task FromAfterToIsBadUserInput()
    {
        var response = await app.Factory.Auditor().PostGraphQLAsync(
            "{ verifyAuditLog(from: \"2026-11-02T00:00:00Z\", to: \"2026-11-01T00:00:00Z\") { ok entriesChecked } }");

        Assert.Equal(["BAD_USER_INPUT"], response.ErrorCodes);
        Assert.Equal("from", response.Errors[0]!["extensions"]!["field"]!.GetValue<string>());
        Assert.Null(response.Data?["verifyAuditLog"]);
    }

    [Fact]
    public async Task FromEqualToToIsAValidRange()
    {
        var response = await app.Factory.Auditor().PostGraphQLAsync(
            "{ verifyAuditLog(from: \"2026-11-01T00:00:00Z\", to: \"2026-11-01T00:00:00Z\") { ok } }");

        Assert.True(response.Status == 200 && response.Errors.Count == 0, response.ToString());
    }
}
