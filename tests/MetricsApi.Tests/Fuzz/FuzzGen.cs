using CsCheck;

namespace MetricsApi.Tests.Fuzz;

/// <summary>
/// Generators written as plain code over CsCheck's PCG, for inputs whose shape follows data (the
/// schema, the event types) rather than a fixed composition of combinators.
/// </summary>
public static class FuzzGen
{
    public static Gen<T> From<T>(Func<PCG, T> generate) => new FunctionGen<T>(generate);

    // Uniform on purpose: CsCheck's own number generators favour edge values (0, the bounds), which
    // is right for values under test but would skew every structural decision of a generator.

    /// <summary>Uniform in [min, max].</summary>
    public static int Between(this PCG pcg, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(pcg);
        return min + (int)pcg.Next((uint)(max - min + 1));
    }

    /// <summary>True with the given probability.</summary>
    public static bool Chance(this PCG pcg, double probability)
    {
        ArgumentNullException.ThrowIfNull(pcg);
        return pcg.Next() < probability * uint.MaxValue;
    }

    public static T Pick<T>(this PCG pcg, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items[pcg.Between(0, items.Count - 1)];
    }

    public static T Next<T>(this PCG pcg, Gen<T> gen)
    {
        ArgumentNullException.ThrowIfNull(gen);
        return gen.Generate(pcg, null, out _);
    }

    private sealed class FunctionGen<T>(Func<PCG, T> generate) : Gen<T>
    {
        public override T Generate(PCG pcg, Size? min, out Size size)
        {
            size = new Size(0);
            return generate(pcg);
        }
    }
}
