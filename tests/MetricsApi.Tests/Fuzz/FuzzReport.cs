using System.Globalization;
using System.Text;
using MetricsApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// What one fuzz target saw: cases, status classes, and every property violation (5xx, exception
/// text, hang, error without a code, lost or duplicated events), each with the case's replay seed.
/// The summary line goes to the test output and is appended to <c>METRICSAPI_FUZZ_REPORT</c>.
/// </summary>
public sealed class FuzzReport(string target, DatabaseKind database)
{
    private const int MaxListedFailures = 10;
    private readonly SortedDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private static readonly Lock ReportFile = new();
    private readonly Lock _lock = new();

    public int Cases { get; private set; }

    public int ServerErrors { get; private set; }

    public int Leaks { get; private set; }

    public int Hangs { get; private set; }

    public int Uncoded { get; private set; }

    public long ValidEvents { get; set; }

    public long Lost { get; set; }

    public long Duplicated { get; set; }

    public void Count(int status)
    {
        lock (_lock)
        {
            Cases++;
            var key = status switch
            {
                0 => "closed",
                -505 => "505 (unsupported HTTP version)",
                _ => $"{status / 100}xx",
            };
            _statuses[key] = _statuses.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>
    /// Checks one answered case: no 5xx and no INTERNAL_SERVER_ERROR (GraphQL answers a failed
    /// resolver with 200 and that code), no exception text. <paramref name="allowed505"/>: the
    /// request named an HTTP version the server does not speak, for which 505 is the right answer.
    /// </summary>
    public void Check<T>(FuzzCase<T> fuzzCase, int status, string body, bool allowed505 = false)
    {
        ArgumentNullException.ThrowIfNull(fuzzCase);
        Count(status == 505 && allowed505 ? 0 - 505 : status);
        if ((status >= 500 && !(status == 505 && allowed505)) || body.Contains("\"INTERNAL_SERVER_ERROR\"", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                ServerErrors++;
            }

            Fail(fuzzCase, $"status {status} or an internal error", body);
        }

        if (ExceptionText.Find(body) is { } leak)
        {
            lock (_lock)
            {
                Leaks++;
            }

            Fail(fuzzCase, $"exception text '{leak}'", body);
        }
    }

    public void Hang<T>(FuzzCase<T> fuzzCase)
    {
        lock (_lock)
        {
            Cases++;
            Hangs++;
        }

        Fail(fuzzCase, "no answer in time", "");
    }

    public void MissingCode<T>(FuzzCase<T> fuzzCase, string body)
    {
        lock (_lock)
        {
            Uncoded++;
        }

        Fail(fuzzCase, "an error without extensions.code", body);
    }

    public void Fail<T>(FuzzCase<T> fuzzCase, string what, string detail)
    {
        ArgumentNullException.ThrowIfNull(fuzzCase);
        lock (_lock)
        {
            if (_failures.Count < MaxListedFailures)
            {
                _failures.Add($"case {fuzzCase.Index} ({what}); replay with {FuzzSettings.ReplayVariable}={fuzzCase.Seed}\n  input: {Cut(fuzzCase.Value?.ToString())}\n  answer: {Cut(detail)}");
            }
        }
    }

    public string Summary()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"fuzz {target} on {database}: seed {FuzzSettings.Seed}, {Cases} cases ")
            .Append(CultureInfo.InvariantCulture, $"({string.Join(", ", _statuses.Select(s => $"{s.Key} {s.Value}"))}); ")
            .Append(CultureInfo.InvariantCulture, $"5xx or internal errors {ServerErrors}, exception texts {Leaks}, hangs {Hangs}, errors without code {Uncoded}");
        if (ValidEvents > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", valid events {ValidEvents}, lost {Lost}, duplicated {Duplicated}");
        }

        return text.ToString();
    }

    /// <summary>Writes the summary, then fails the test with the first violations if there were any.</summary>
    public void Publish(ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var summary = Summary();
        output.WriteLine(summary);
        var path = Environment.GetEnvironmentVariable(FuzzSettings.ReportVariable);
        if (!string.IsNullOrEmpty(path))
        {
            lock (ReportFile)
            {
                File.AppendAllText(path, summary + Environment.NewLine, new UTF8Encoding(false));
            }
        }

        Assert.True(_failures.Count == 0 && Lost == 0 && Duplicated == 0, summary + "\n" + string.Join("\n", _failures));
    }

    private static string Cut(string? text) => text is null ? "" : text.Length <= 600 ? text : text[..600] + "…";
}
