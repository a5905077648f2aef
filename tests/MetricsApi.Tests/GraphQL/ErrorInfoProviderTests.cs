using GraphQL.Execution;
using MetricsApi.GraphQL;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace MetricsApi.Tests.GraphQL;

public sealed class ErrorInfoProviderTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "MetricsApi";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static UnhandledError Crash() =>
        new("Error trying to resolve field 'x'.", new InvalidOperationException("connection string Host=secret-db;Password=hunter2 failed at Foo.Bar()"));

    [Fact]
    public void InternalErrorsHideExceptionDetailsOutsideDevelopment()
    {
        var info = new MetricsErrorInfoProvider(new Env("Production")).GetInfo(Crash());

        Assert.Equal("INTERNAL_SERVER_ERROR", info.Extensions!["code"]);
        Assert.DoesNotContain("hunter2", info.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("resolve field", info.Message, StringComparison.Ordinal);
        Assert.False(info.Extensions.ContainsKey("exception"));
    }

    [Fact]
    public void InternalErrorsShowTheExceptionInDevelopment()
    {
        var info = new MetricsErrorInfoProvider(new Env("Development")).GetInfo(Crash());

        Assert.Equal("INTERNAL_SERVER_ERROR", info.Extensions!["code"]);
        Assert.Contains("hunter2", (string)info.Extensions["exception"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliberateErrorsKeepTheirCodeAndMessage()
    {
        var info = new MetricsErrorInfoProvider(new Env("Production")).GetInfo(new MetricsApiError(ErrorCodes.NotFound, "No metric 'x'."));

        Assert.Equal("NOT_FOUND", info.Extensions!["code"]);
        Assert.Equal("No metric 'x'.", info.Message);
    }
}
