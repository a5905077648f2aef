using System.Text.Json.Nodes;
using static MetricsApi.Tests.Releases.GoldenDataset;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Compares served points with hand-computed lines and collects every mismatch of a test, so one
/// run shows all wrong values instead of the first.
/// </summary>
public sealed class GoldenCheck
{
    public const string Below = "BELOW_MIN_GROUP_SIZE";
    public const string Complementary = "COMPLEMENTARY";

    private readonly List<string> _failures = [];

    /// <summary>The headcount of a group in a period (table in <see cref="GoldenDataset"/>).</summary>
    public static int People(string group, string period) => group switch
    {
        Alpha => period == W2 ? 5 : 6,
        Beta => 7,
        Gamma => 5,
        Small => 4,
        Core => 12,
        Lab => 9,
        Company => 21,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };

    /// <summary>A visible point; a null value is an undefined one (a median of nothing, a ratio over zero).</summary>
    public static string Point(string group, string period, double? value, string? tool = null) =>
        GoldenClient.Line(group, period, tool, $"{GoldenClient.Format(value)} people {GoldenClient.Bucket(People(group, period))}");

    public static string Hidden(string group, string period, string reason, string? tool = null) =>
        GoldenClient.Line(group, period, tool, "hidden " + reason);

    /// <summary>W1 and W2 points of one group.</summary>
    public static string[] Weekly(string group, double? w1, double? w2, string? tool = null) =>
        [Point(group, W1, w1, tool), Point(group, W2, w2, tool)];

    /// <summary>
    /// team-gamma and team-small in every period: small has 4 people (BELOW_MIN_GROUP_SIZE), and in
    /// the set {org-lab; gamma, small} it is the lone hidden child, so gamma, the only visible
    /// sibling, is hidden as COMPLEMENTARY (else org-lab minus gamma = small).
    /// </summary>
    public static string[] LabTeams(string? tool, params string[] periods) =>
        [.. periods.Select(p => Hidden(Gamma, p, Complementary, tool)), .. periods.Select(p => Hidden(Small, p, Below, tool))];

    /// <summary>
    /// The values of every split by tool: the configured tools (IngestionOptions.DefaultTools: the test
    /// app configures none of its own) in ordinal order, whether anyone used them or not.
    /// </summary>
    public static IReadOnlyList<string> Tools { get; } = ["AI Teammate", ClaudeCode, Codex, "Kiro", "MeshClaw", "Pippin"];

    /// <summary>
    /// The point of a tool nobody in the group used in the period: <paramref name="unused"/> (0 for a count
    /// or sum, null for a ratio over nobody, an NPS or a median of nothing), not hidden, where the group has at
    /// least 5 people; BELOW_MIN_GROUP_SIZE where it has fewer (team-small).
    /// </summary>
    public static string Nobody(string group, string period, double? unused, string tool) =>
        People(group, period) < 5 ? Hidden(group, period, Below, tool) : Point(group, period, unused, tool);

    /// <summary>
    /// A split by tool in served order (group, then period, then <see cref="Tools"/>): the given lines where
    /// they are, <see cref="Nobody"/> for every other tool of every group and period. Every given line must be
    /// of one of the groups and periods.
    /// </summary>
    public static string[] EveryTool(double? unused, string[] groups, string[] periods, params string[] lines)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<string>();
        foreach (var group in groups)
        {
            foreach (var period in periods)
            {
                foreach (var tool in Tools)
                {
                    var prefix = GoldenClient.Line(group, period, tool, "");
                    var given = lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                    if (given.Count > 1)
                    {
                        throw new ArgumentException($"two lines for {prefix}", nameof(lines));
                    }

                    all.Add(given.Count == 1 ? given[0] : Nobody(group, period, unused, tool));
                    used.UnionWith(given);
                }
            }
        }

        var stray = lines.Where(l => !used.Contains(l)).ToList();
        return stray.Count == 0 ? [.. all] : throw new ArgumentException("lines of no group and period asked for: " + string.Join("; ", stray), nameof(lines));
    }

    public void Series(GoldenSeries series, string[] team, string[] org, string[] company)
    {
        Points($"{series.Metric} {series.Dimension} TEAM", series.Team, team);
        Points($"{series.Metric} {series.Dimension} ORG", series.Org, org);
        Points($"{series.Metric} {series.Dimension} COMPANY", series.Company, company);
    }

    public void Points(string label, JsonNode series, string[] expected)
    {
        var actual = series["points"]!.AsArray().Select(p => GoldenClient.Describe(p!)).ToList();
        if (!expected.SequenceEqual(actual))
        {
            static string List(List<string> lines) => lines.Count == 0 ? "(none)" : string.Join("\n    ", lines);
            var missing = expected.Except(actual).ToList();
            var unexpected = actual.Except(expected).ToList();
            _failures.Add($"{label}:\n  expected but not served:\n    {List(missing)}\n  served but not expected:\n    {List(unexpected)}"
                + (missing.Count == 0 && unexpected.Count == 0 ? "\n  (same points, different order)\n  served:\n    " + List(actual) : ""));
        }

        var hidden = expected.Count(e => e.Contains("= hidden", StringComparison.Ordinal));
        var served = series["provenance"]?["pointsSuppressed"]?.GetValue<int>();
        if (served != hidden)
        {
            _failures.Add($"{label}: provenance.pointsSuppressed is {served}, expected {hidden}");
        }
    }

    public void Equal<T>(string label, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            _failures.Add($"{label}: expected {expected}, got {actual}");
        }
    }

    public void AssertAll()
    {
        if (_failures.Count > 0)
        {
            Assert.Fail($"{_failures.Count} mismatches:\n\n" + string.Join("\n\n", _failures));
        }
    }
}
