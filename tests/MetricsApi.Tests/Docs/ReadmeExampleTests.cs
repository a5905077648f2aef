using System.Text.RegularExpressions;
using MetricsApi.Cli.Demo;
using MetricsApi.Tests.Infrastructure;

namespace MetricsApi.Tests.Docs;

/// <summary>
/// README.md works as written: every GraphQL example runs, in order, against a freshly started
/// Development server, with a dev token of the demo user its first line names; the first token shown
/// belongs to a demo user with data, and every user named is in the demo users table.
/// </summary>
[Collection(DemoServerGroup.Name)]
public sealed partial class ReadmeExampleTests(DemoServer demo)
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    [GeneratedRegex("```graphql\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex GraphQLBlock();

    [GeneratedRegex("^# token: dev-token --user (?<user>\\S+)(?<roles>( --role \\S+)+)\\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();

    [GeneratedRegex("^# expect error: (?<code>[A-Z_]+)\\s*$", RegexOptions.Multiline)]
    private static partial Regex ExpectLine();

    [GeneratedRegex("dev-token --user (?<user>[a-z]+)")]
    private static partial Regex AnyToken();

    [Fact]
    public async Task EveryGraphQLExampleRunsAsWrittenAgainstTheDevelopmentServer()
    {
        var blocks = GraphQLBlock().Matches(Readme).Select(m => m.Groups["body"].Value).ToList();
        Assert.True(blocks.Count >= 10, $"Only {blocks.Count} GraphQL examples found in README.md.");
        foreach (var block in blocks)
        {
            var token = TokenLine().Match(block);
            Assert.True(token.Success, "Every GraphQL example names its demo user's token in a first '# token: dev-token --user NAME --role ROLE' line:\n" + block);
            var roles = token.Groups["roles"].Value.Split(" --role ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var response = await demo.As(token.Groups["user"].Value, roles).PostGraphQLAsync(block);

            var expected = ExpectLine().Match(block);
            if (expected.Success)
            {
                Assert.True(response.FirstCode == expected.Groups["code"].Value, $"Expected {expected.Groups["code"].Value}:\n{block}\n{response}");
            }
            else
            {
                Assert.True(response.Status == 200 && response.Errors.Count == 0 && response.Data is not null, $"README example failed:\n{block}\n{response}");
            }
        }
    }

    [Fact]
    public async Task TheFirstTokenShownBelongsToADemoUserWithData()
    {
        var first = AnyToken().Match(Readme).Groups["user"].Value;
        var scope = (await demo.As(first, "Engineer").PostGraphQLAsync("{ viewer { scope { id } } }")).Data("viewer")["scope"]!.AsArray();

        Assert.Equal("erin", first);
        Assert.NotEmpty(scope);
    }

    [Fact]
    public void EveryUserTheReadmeNamesIsADemoUserWithTheRoleTheTableGivesThem()
    {
        var table = DemoOrganisation.Users.ToDictionary(u => u.User.Name, u => u.Role, StringComparer.Ordinal);
        foreach (Match match in Regex.Matches(Readme, "dev-token --user (?<user>[a-z]+)(?<roles>( --role [A-Za-z]+)+)"))
        {
            var user = match.Groups["user"].Value;
            Assert.True(table.ContainsKey(user), $"README names '{user}', who is not in the demo users table.");
            Assert.Contains(table[user], match.Groups["roles"].Value, StringComparison.Ordinal);
        }
    }
}
