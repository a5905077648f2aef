using GraphQL.Execution;
using MetricsApi.GraphQL;

namespace MetricsApi.Tests.GraphQL;

public sealed class ErrorInfoProviderTests
{
    private static UnhandledError Crash() =>
        new("Error trying to resolve field 'x'.", new InvalidOperationException("connection string Host=secret-db;Password=hunter2 failed at Foo.Bar()"));

    [Fact]
    public void InternalErrorsHideExceptionDetails()
    {
        var info = new MetricsErrorInfoProvider().GetInfo(Crash());

        Assert.Equal("INTERNAL_SERVER_ERROR", info.Extensions!["code"]);
        Assert.DoesNotContain("hunter2", info.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("resolve field", info.Message, StringComparison.Ordinal);
        Assert.False(info.Extensions.ContainsKey("exception"));
    }

    [Fact]
    public void DeliberateErrorsKeepTheirCodeAndMessage()
    {
        var info = new MetricsErrorInfoProvider().GetInfo(new MetricsApiError(ErrorCodes.NotFound, "No metric 'x'."));

        Assert.Equal("NOT_FOUND", info.Extensions!["code"]);
        Assert.Equal("No metric 'x'.", info.Message);
    }
}
