using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MetricsApi.Tools.Bench;

/// <summary>Latency of one GraphQL query, sequential requests on one connection after a warm-up: median and p90 in ms.</summary>
public static class HttpTimingCommand
{
    public static async Task<int> RunAsync(string url, string token, string query, int count)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.Serialize(new { query });
        var times = new List<double>();
        for (var i = 0; i < count + 10; i++)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsync(new Uri(url), content);
            var text = await response.Content.ReadAsStringAsync();
            clock.Stop();
            if (!response.IsSuccessStatusCode || text.Contains("\"errors\"", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {text}");
                return 1;
            }

            if (i >= 10)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:F2} {times[(int)(times.Count * 0.9)]:F2}"));
        return 0;
    }
}
