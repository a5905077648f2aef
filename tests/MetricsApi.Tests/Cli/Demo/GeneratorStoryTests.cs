using MetricsApi.Cli.Demo;

namespace MetricsApi.Tests.Cli.Demo;

/// <summary>
/// The generated data tells the story targets are for (issue: "the demo must tell the story"): some
/// teams triple release velocity with stable quality, some while their change failure rate climbs, and
/// tokenmaxxing teams burn tokens with flat delivery. Change failure rate is no longer 0 everywhere.
/// </summary>
public sealed class GeneratorStoryTests
{
    private static readonly DateOnly End = new(2026, 11, 23);

    [Fact]
    public async Task TheDemoOrganisationHasATripledTeamATripledTeamWithFallingQualityAndATokenmaxxer()
    {
        var teams = (await GeneratedStory.AnalyseAsync(new GeneratorOptions(12, 26, 7, End, [.. DemoOrganisation.Users.Select(u => u.User)]))).ToDictionary(t => t.Team);

        var steady = teams["team-0001"];
        var cornerCutter = teams["team-0002"];
        var tokenMaxxer = teams["team-0003"];
        Assert.True(steady.Ratio >= 3 && steady.FailureAfter <= 0.12, $"team-0001: {steady}");
        Assert.True(cornerCutter.Ratio >= 3 && cornerCutter.FailureAfter >= cornerCutter.FailureBefore + 0.1, $"team-0002: {cornerCutter}");
        var others = teams.Values.Where(t => t.Team != "team-0003").Select(t => t.TokensPerPerson).Order().ToList();
        Assert.True(tokenMaxxer.TokensPerPerson > 5 * others[others.Count / 2] && tokenMaxxer.Ratio < 1.6, $"team-0003: {tokenMaxxer}");
        Assert.True(teams.Values.Count(t => t.FailureBefore + t.FailureAfter > 0) >= 8, string.Join("\n", teams.Values));
    }

    /// <summary>The README's 2,100-team dataset (<c>seed --teams 2100 --weeks 52 --seed 42</c>), the seeds' scale.</summary>
    [Fact]
    public async Task The2100TeamDatasetHasEachKindOfTeamInNumbersAndAtLeast25AtTenfold()
    {
        var teams = await GeneratedStory.AnalyseAsync(new GeneratorOptions(2100, 52, 42, End));

        var tripled = teams.Where(t => t.Ratio >= 3 && t.People >= 5).ToList();
        var stable = tripled.Count(t => t.FailureAfter <= t.FailureBefore * 1.2 + 0.02);
        var worse = tripled.Count(t => t.FailureAfter >= t.FailureBefore + 0.1);
        var median = teams.Select(t => t.TokensPerPerson).Order().ElementAt(teams.Count / 2);
        var maxxers = teams.Count(t => t.TokensPerPerson > 5 * median && t.Ratio < 1.6);
        var summary = $"{teams.Count} teams: {tripled.Count} tripled, {stable} with stable quality, {worse} with quality dropping; {teams.Count(t => t.Ratio >= 10 && t.People >= 5)} tenfold; {maxxers} tokenmaxxers";

        Assert.Equal(2100, teams.Count);
        Assert.True(stable >= 100 && worse >= 50, summary);
        Assert.True(teams.Count(t => t.Ratio >= 10 && t.People >= 5) >= 25, summary);
        Assert.True(maxxers >= 10, summary);
    }
}
