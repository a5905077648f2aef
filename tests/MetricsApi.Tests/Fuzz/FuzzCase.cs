namespace MetricsApi.Tests.Fuzz;

/// <summary>One generated input and the CsCheck seed that regenerates it (<see cref="FuzzSettings.ReplayVariable"/>).</summary>
public sealed record FuzzCase<T>(int Index, string Seed, T Value);
