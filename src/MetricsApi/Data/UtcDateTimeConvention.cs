using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MetricsApi.Data;

/// <summary>
/// Every DateTime the model stores is UTC. SQLite (text) and SQL Server (datetime2) keep no time
/// zone and hand values back as <see cref="DateTimeKind.Unspecified"/>, which GraphQL then prints
/// without a <c>Z</c> and JavaScript reads as local time; PostgreSQL's timestamptz already returns
/// UTC. This converter marks what those providers read as UTC, once, for every property, so no
/// field has to remember to.
/// </summary>
public static class UtcDateTimeConvention
{
    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter()
        : ValueConverter<DateTime, DateTime>(v => ToUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>Writes UTC; an unspecified value is taken to be UTC already (the service never handles local times).</summary>
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
