using System.Text;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// A generated NDJSON body and what a correct server must make of it: which lines are valid
/// events (stored once), repeats of them (duplicates) and invalid lines (rejected).
/// </summary>
public sealed record NdjsonBatch(byte[] Body, int Lines, int Valid, int Repeats, int Invalid, IReadOnlyDictionary<string, int> ValidByType)
{
    public override string ToString() => $"{Lines} lines: {Valid} valid, {Repeats} repeats, {Invalid} invalid\n{Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 4000)])}";
}
