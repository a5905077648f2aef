using MetricsApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MetricsApi.Tests.Browser;

/// <summary>
/// The API (Development, no demo data) that allows one page origin, that page served from another
/// port of this machine (a different origin), and a headless Chromium.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private WebApplication? _pages;

    public DevelopmentServer Api { get; private set; } = null!;

    public Chromium Browser { get; private set; } = null!;

    /// <summary>The origin the API allows (http://127.0.0.1:port).</summary>
    public string AllowedOrigin { get; private set; } = "";

    /// <summary>The same pages under another host name: another origin, not allowed.</summary>
    public string OtherOrigin { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = DevelopmentServer.FreePort();
        AllowedOrigin = $"http://127.0.0.1:{port}";
        OtherOrigin = $"http://localhost:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _pages = builder.Build();
        _pages.MapGet("/", () => Results.Content("<!DOCTYPE html><html><head><title>dashboard</title></head><body>A dashboard on another origin.</body></html>", "text/html"));
        await _pages.StartAsync();

        Api = await DevelopmentServer.StartAsync(TimeSpan.FromMinutes(3), ("Demo__Seed", "false"), ("Cors__AllowedOrigins__0", AllowedOrigin));
        Browser = await Chromium.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }
}
