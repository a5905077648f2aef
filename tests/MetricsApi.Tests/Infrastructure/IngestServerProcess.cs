using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using MetricsApi.Access.Authentication.DevTokens;
using Microsoft.Extensions.Configuration;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The real server binary in a process of its own, in Development (so it trusts tokens signed with
/// the dev key in its data directory), on a database the test chooses: what a test needs to kill a
/// server the way a crash, an OOM kill or a pulled plug would.
/// </summary>
public sealed partial class IngestServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly IConfiguration _identity;
    private readonly string _dataDirectory;

    private IngestServerProcess(Process process, StringBuilder output, Uri baseAddress, string dataDirectory, IConfiguration identity)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
        _identity = identity;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the server wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<IngestServerProcess> StartAsync(DatabaseKind kind, string connectionString, string dataDirectory, params (string Key, string Value)[] settings)
    {
        var identity = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = TestTokens.Instance,
            ["AzureAd:TenantId"] = TestTokens.TenantId,
            ["AzureAd:ClientId"] = TestTokens.ClientId,
            ["Storage:DataDirectory"] = dataDirectory,
        }).Build();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MetricsApi.dll"));
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(AppContext.BaseDirectory);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        IEnumerable<(string, string)> all =
        [
            ("Database:Provider", kind == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSql"),
            ("ConnectionStrings:Metrics", connectionString),
            ("Demo:Seed", "false"),
            ("Catalogue:PublishStandard", "false"),
            .. identity.AsEnumerable().Where(p => p.Value is not null).Select(p => (p.Key, p.Value!)),
            .. settings,
        ];
        foreach (var (key, value) in all)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Uri address;
        try
        {
            address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            lock (output)
            {
                throw new Xunit.Sdk.XunitException("The server did not start listening:\n" + output);
            }
        }

        var server = new IngestServerProcess(process, output, address, dataDirectory, identity);
        using var http = new HttpClient { BaseAddress = address };
        for (var attempt = 0; (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode != System.Net.HttpStatusCode.OK; attempt++)
        {
            if (attempt >= 300)
            {
                await server.DisposeAsync();
                throw new Xunit.Sdk.XunitException("The server never became ready:\n" + server.Output);
            }

            await Task.Delay(100);
        }

        return server;
    }

    /// <summary>A client whose requests carry a dev token the server trusts.</summary>
    public HttpClient Client(string user, params string[] roles)
    {
        var key = DevSigningKey.LoadOrCreate(_identity, _dataDirectory);
        var token = DevTokenIssuer.Create(user, roles, TimeSpan.FromHours(1), key, DevIdentity.From(_identity));
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, open transactions left to the database to undo.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
