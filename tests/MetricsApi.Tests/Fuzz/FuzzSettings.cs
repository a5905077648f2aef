using System.Globalization;
using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// How much and what the fuzz suite generates. CI runs the fixed default seed; anyone can run more
/// cases or other inputs: <c>METRICSAPI_FUZZ_SEED</c> (any unsigned number), <c>METRICSAPI_FUZZ_SCALE</c>
/// (multiplies every target's case count), <c>METRICSAPI_FUZZ_REPLAY</c> (the CsCheck seed a failure
/// printed: only that case runs). Every case is derived from the seed alone, so a run is reproducible.
/// </summary>
public static class FuzzSettings
{
    public const string SeedVariable = "METRICSAPI_FUZZ_SEED";
    public const string ScaleVariable = "METRICSAPI_FUZZ_SCALE";
    public const string ReplayVariable = "METRICSAPI_FUZZ_REPLAY";
    public const string ReportVariable = "METRICSAPI_FUZZ_REPORT";

    /// <summary>The seed CI uses.</summary>
    public const ulong DefaultSeed = 20261126;

    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    public static double Scale => double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    public static string? Replay => Environment.GetEnvironmentVariable(ReplayVariable) is { Length: > 0 } replay ? replay : null;

    /// <summary>
    /// The cases of one target: each from its own PCG derived from the seed and the target's
    /// stream, so targets do not share inputs and adding cases to one does not shift another.
    /// </summary>
    public static IEnumerable<FuzzCase<T>> Cases<T>(Gen<T> gen, uint stream, int ciCount)
    {
        ArgumentNullException.ThrowIfNull(gen);
        if (Replay is { } replay)
        {
            yield return new FuzzCase<T>(0, replay, gen.Generate(PCG.Parse(replay), null, out _));
            yield break;
        }

        var root = new PCG(stream, Seed);
        var count = Math.Max(1, (int)Math.Round(ciCount * Scale));
        for (var i = 0; i < count; i++)
        {
            var pcg = new PCG(stream, root.Next64());
            var caseSeed = pcg.ToString();
            yield return new FuzzCase<T>(i, caseSeed, gen.Generate(pcg, null, out _));
        }
    }
}
