using MetricsApi.Cli.Demo;
using MetricsApi.Features.Ingestion;

namespace MetricsApi.Tests.Cli.Demo;

public sealed class OrganisationGeneratorTests
{
    private static async Task<List<string>> GenerateAsync(int seed, int teams = 60, int weeks = 8)
    {
        var generator = new OrganisationGenerator(new GeneratorOptions(teams, weeks, seed, new DateOnly(2026, 11, 2)), IngestionOptions.DefaultTools);
        var lines = new List<string>();
        await foreach (var item in generator.GenerateAsync())
        {
            lines.Add(item.Event.GetRawText());
        }

        return lines;
    }

    [Fact]
    public async Task TheSameSeedAndEndGiveTheSameEvents()
    {
        Assert.Equal(await GenerateAsync(42), await GenerateAsync(42));
    }

    [Fact]
    public async Task AnotherSeedGivesOtherEvents()
    {
        Assert.NotEqual(await GenerateAsync(42), await GenerateAsync(43));
    }

    [Fact]
    public async Task EveryEventTypeAppearsAndNothingLiesOutsideThePeriod()
    {
        // 13 weeks: NPS surveys are quarterly.
        var lines = await GenerateAsync(42, weeks: 13);

        foreach (var type in EventTypes.All)
        {
            Assert.Contains(lines, l => l.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal));
        }

        var dates = lines.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, "\"(\\d{4}-\\d{2}-\\d{2})").Select(m => DateOnly.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.True(d < new DateOnly(2026, 11, 2) && d >= new DateOnly(2026, 11, 2).AddDays(-7 * 13), d.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
