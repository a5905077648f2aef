using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// Suppression rules on hand-made aggregates, without a database: primary suppression, complementary
/// suppression along the tree and along a dimension, ratios inheriting hidden inputs, and the same
/// pattern whatever is asked.
/// </summary>
public sealed class TableEvaluatorTests
{
    private static readonly DateOnly Week = new(2026, 3, 2);
    private static readonly PeriodRange Range = new(Grains.Week, [new Period(Week, Week.AddDays(7))]);
    private static readonly Dictionary<int, OrgNode> Units = [];

    // acme(1) → org(2) → small(3, 3 people), mid(4, 6 people), big(5, 10 people); acme(1) → other(6) → solo(7, 8 people)
    private static RawData Tree()
    {
        var data = new RawData();
        void Unit(int id, string kind, int? parent, string path, int people)
        {
            Units[id] = new OrgNode(id, "u" + id, "unit " + id, kind, parent, path);
            data.Headcounts[(id, Week)] = people;
        }

        Unit(1, "COMPANY", null, "/1/", 27);
        Unit(2, "ORG", 1, "/1/2/", 19);
        Unit(3, "TEAM", 2, "/1/2/3/", 3);
        Unit(4, "TEAM", 2, "/1/2/4/", 6);
        Unit(5, "TEAM", 2, "/1/2/5/", 10);
        Unit(6, "ORG", 1, "/1/6/", 8);
        Unit(7, "TEAM", 6, "/1/6/7/", 8);
        return data;
    }

    /// <summary>A published version of a metric for tests that evaluate tables without a catalogue.</summary>
    internal static MetricVersion Version(string key, MetricDefinition definition, string dimensions = "", string grain = Grains.Week) => new()
    {
        MetricKey = key,
        Number = 1,
        Status = MetricStatuses.Published,
        Name = key,
        Description = key,
        Kind = MetricKinds.Outcome,
        Unit = "u",
        Owner = "o",
        Steward = "s",
        AllowedPurposes = "TEAM_IMPROVEMENT",
        MinGroupSize = 5,
        Grains = grain,
        Dimensions = dimensions,
        Definition = definition.ToJson(),
        AuthorId = "a",
        AuthorName = "a",
    };

    private static CellKey Key(int group, string? dimension = null, string? value = null) => new(group, Week, dimension, value);

    private static readonly MetricDefinition Deploys = new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Count };
    private static readonly MetricDefinition Failed = new() { Source = EventTypes.Deployment, Aggregation = Aggregations.Count, Filters = [new("causedIncident", "EQ", ["true"])] };
    private static readonly MetricDefinition Tokens = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.Sum, Field = "totalTokens" };

    private static void Raw(RawData data, MetricDefinition metric, int group, long events, long contributors, double a, string? dimension = null, string? value = null)
    {
        var key = Quantity.KeyOf(metric);
        if (!data.Metrics.TryGetValue(key, out var cells))
        {
            data.Metrics[key] = cells = [];
        }

        cells[Key(group, dimension, value)] = new RawAggregate(events, contributors, a, null);
    }

    /// <summary>Org 2 and the company hold what teams 4 and 5 did (team 3 and org 6 did nothing): a consistent table.</summary>
    private static void OrgAndCompany(RawData data, params (long Events, long Contributors, double Tokens, string? Tool)[] cells)
    {
        foreach (var group in new[] { 1, 2 })
        {
            foreach (var (events, contributors, tokens, tool) in cells)
            {
                Raw(data, Tokens, group, events, contributors, tokens, tool is null ? null : "tool", tool);
            }
        }
    }

    private static TableEvaluator Evaluator(RawData data, params MetricVersion[] versions) =>
        new(new OrgStructure(Units.Values), data, Range, versions.ToDictionary(v => v.MetricKey), Quantity.Of(versions, _ => 5), _ => 5);

    private static MetricTable Deployments(RawData data)
    {
        foreach (var (group, count) in new[] { (1, 27), (2, 19), (3, 3), (4, 6), (5, 10), (6, 8), (7, 8) })
        {
            Raw(data, Deploys, group, count, 0, count);
        }

        return Evaluator(data, Version("deploys", Deploys)).Evaluate("deploys");
    }

    [Fact]
    public void ASmallTeamIsSuppressedAndItsSmallestVisibleSiblingToo()
    {
        var table = Deployments(Tree());

        Assert.Equal(SuppressionReasons.BelowMinGroupSize, table.Get(Key(3)).Reason);
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4)).Reason);
        Assert.False(table.Get(Key(5)).Suppressed);
        Assert.False(table.Get(Key(2)).Suppressed);
        Assert.False(table.Get(Key(1)).Suppressed);
        Assert.Equal(10, table.Get(Key(5)).Value);
    }

    [Fact]
    public void AnOnlyChildThatIsVisibleNeedsNothingHidden()
    {
        var table = Deployments(Tree());

        Assert.False(table.Get(Key(6)).Suppressed);
        Assert.False(table.Get(Key(7)).Suppressed);
    }

    [Fact]
    public void NoSetIsLeftWithExactlyOneHiddenMember()
    {
        var data = Tree();
        var table = Deployments(data);

        foreach (var parent in Units.Values.Where(p => Units.Values.Any(u => u.ParentId == p.Id)))
        {
            var members = Units.Values.Where(u => u.ParentId == parent.Id).Select(u => table.Get(Key(u.Id))).Append(table.Get(Key(parent.Id))).ToList();
            Assert.NotEqual(1, members.Count(m => m.Suppressed));
        }
    }

    [Fact]
    public void TwoToolsUsedByTooFewPeopleProtectEachOtherAndTheSmallTeamsToolCellsGetCovers()
    {
        var data = Tree();
        Raw(data, Tokens, 5, 40, 8, 4000);
        Raw(data, Tokens, 5, 30, 6, 3000, "tool", "Kiro");
        Raw(data, Tokens, 5, 8, 2, 800, "tool", "Codex");
        Raw(data, Tokens, 5, 2, 1, 200, "tool", "Pippin");
        Raw(data, Tokens, 4, 12, 6, 1200);
        Raw(data, Tokens, 4, 12, 6, 1200, "tool", "Kiro");
        OrgAndCompany(data, (52, 14, 5200, null), (42, 12, 4200, "Kiro"), (8, 2, 800, "Codex"), (2, 1, 200, "Pippin"));
        var table = Evaluator(data, Version("tokens", Tokens, "tool")).Evaluate("tokens");

        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(5, "tool", "Codex")).Reason);
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(5, "tool", "Pippin")).Reason);
        // Team 3 (3 people, no events) gets a cell for every tool seen, hidden whatever it did. Its Codex and
        // Pippin cells are not alone in {org 2; 3, 4, 5} (team 5's are hidden too, and team 4's are known
        // zeros: 6 people, no events); its Kiro cell and its total are, so team 4's (6 people, fewer than
        // team 5's 10) cover them.
        Assert.All(new[] { Key(3), Key(3, "tool", "Kiro"), Key(3, "tool", "Codex"), Key(3, "tool", "Pippin") },
            key => Assert.Equal(SuppressionReasons.BelowMinGroupSize, table.Get(key).Reason));
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4, "tool", "Kiro")).Reason);
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4)).Reason);
        // Team 4's Codex is a zero next to team 5's Codex of 2 contributors: shown, it would say where those two
        // are (the zero pattern rule), so it is hidden too.
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4, "tool", "Codex")).Reason);
        // Two hidden tools would protect each other, but team 4's Kiro (a cover of 1,200 tokens of six people) needs
        // room above it too: with team 5's Kiro shown it is at most org 2's 4,200 − 3,000 = 1,200, its value. Team 3
        // used nothing, so team 5's Kiro and total are hidden as well; org 2 and the company stay visible.
        Assert.True(table.Get(Key(5, "tool", "Kiro")).Suppressed);
        Assert.True(table.Get(Key(5)).Suppressed);
        Assert.False(table.Get(Key(2)).Suppressed);
        Assert.False(table.Get(Key(2, "tool", "Kiro")).Suppressed);
        Assert.Equal(5200, table.Get(Key(1)).Value);
    }

    [Fact]
    public void ALoneHiddenToolHidesTheNextSmallestTool()
    {
        var data = Tree();
        Raw(data, Tokens, 5, 40, 9, 4000);
        Raw(data, Tokens, 5, 30, 6, 3000, "tool", "Kiro");
        Raw(data, Tokens, 5, 8, 5, 800, "tool", "Codex");
        Raw(data, Tokens, 5, 2, 1, 200, "tool", "Pippin");
        Raw(data, Tokens, 4, 24, 6, 2400);
        Raw(data, Tokens, 4, 12, 6, 1200, "tool", "Kiro");
        Raw(data, Tokens, 4, 12, 5, 1200, "tool", "Codex");
        OrgAndCompany(data, (64, 15, 6400, null), (42, 12, 4200, "Kiro"), (20, 10, 2000, "Codex"), (2, 1, 200, "Pippin"));
        var table = Evaluator(data, Version("tokens", Tokens, "tool")).Evaluate("tokens");

        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(5, "tool", "Pippin")).Reason);
        // Pippin is the lone hidden value of {5; Kiro, Codex, Pippin}: every cell of team 5 has its 10 people,
        // so the tie goes by dimension value and Codex covers it. Teams 4 and 5 are the only ones with usage
        // (team 3 used nothing), so anything shown of team 5 pins team 4's covers from above (org 2 − team 5):
        // team 5's Kiro and total are hidden too, org 2 stays visible.
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(5, "tool", "Codex")).Reason);
        Assert.True(table.Get(Key(5, "tool", "Kiro")).Suppressed);
        Assert.True(table.Get(Key(5)).Suppressed);
        Assert.False(table.Get(Key(2)).Suppressed);
        // Team 3's hidden grid cells (3 people) are covered by team 4's (6 people, fewer than team 5's 10)
        // where they are alone in {org 2; 3, 4, 5}: the total, Kiro and Codex (the sets along the tree are
        // looked at before the sets of a unit's tools, so team 5's Codex was not hidden yet). Pippin is hidden
        // with team 5's; team 4 used no Pippin (6 people: a known zero).
        Assert.All(new[] { Key(3), Key(3, "tool", "Kiro"), Key(3, "tool", "Codex"), Key(3, "tool", "Pippin") },
            key => Assert.Equal(SuppressionReasons.BelowMinGroupSize, table.Get(key).Reason));
        Assert.All(new[] { Key(4), Key(4, "tool", "Kiro"), Key(4, "tool", "Codex") },
            key => Assert.Equal(SuppressionReasons.Complementary, table.Get(key).Reason));
        // Team 4's Pippin zero sits next to team 5's one-contributor Pippin: hidden by the zero pattern rule.
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4, "tool", "Pippin")).Reason);
    }

    [Fact]
    public void AHiddenTotalWhoseOnlyToolIsVisibleHidesTheToolToo()
    {
        // Team 4 is hidden to protect team 3; its one tool would otherwise give its total away.
        var data = Tree();
        foreach (var (group, people) in new[] { (1, 27), (2, 19), (3, 3), (4, 6), (5, 10), (6, 8), (7, 8) })
        {
            Raw(data, Tokens, group, people * 10, people, people * 100);
        }

        Raw(data, Tokens, 4, 60, 6, 600, "tool", "Kiro");
        var table = Evaluator(data, Version("tokens", Tokens, "tool")).Evaluate("tokens");

        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4)).Reason);
        Assert.True(table.Get(Key(4, "tool", "Kiro")).Suppressed);
    }

    [Fact]
    public void ARatioIsHiddenWhereAnInputIsHidden()
    {
        var data = Tree();
        foreach (var (group, count) in new[] { (1, 27), (2, 19), (3, 3), (4, 6), (5, 10), (6, 8), (7, 8) })
        {
            Raw(data, Deploys, group, count, 0, count);
            Raw(data, Failed, group, 1, 0, 1);
        }

        var table = Evaluator(data,
            Version("all", Deploys),
            Version("failed", Failed),
            Version("rate", new MetricDefinition { Aggregation = Aggregations.Ratio, Numerator = "failed", Denominator = "all" })).Evaluate("rate");

        Assert.Equal(SuppressionReasons.BelowMinGroupSize, table.Get(Key(3)).Reason);
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(4)).Reason);
        Assert.Equal(0.1, table.Get(Key(5)).Value);
    }

    [Fact]
    public void TheSamePatternComesOutWhicheverMetricAsksFirst()
    {
        var data = Tree();
        foreach (var (group, count) in new[] { (1, 27), (2, 19), (3, 3), (4, 6), (5, 10), (6, 8), (7, 8) })
        {
            Raw(data, Deploys, group, count, 0, count);
            Raw(data, Failed, group, 1, 0, 1);
        }

        MetricVersion[] versions =
        [
            Version("all", Deploys),
            Version("failed", Failed),
            Version("rate", new MetricDefinition { Aggregation = Aggregations.Ratio, Numerator = "failed", Denominator = "all" }),
        ];
        var viaRatio = Evaluator(data, versions);
        viaRatio.Evaluate("rate");
        var alone = Evaluator(data, versions).Evaluate("all");

        Assert.Equal(
            alone.Cells.Values.Select(c => (c.Key, c.Suppressed)).OrderBy(c => c.Key.Group),
            viaRatio.Evaluate("all").Cells.Values.Select(c => (c.Key, c.Suppressed)).OrderBy(c => c.Key.Group));
    }

    [Fact]
    public void AVolumeWithFewContributorsIsHiddenButNobodyContributingIsZero()
    {
        var data = Tree();
        Raw(data, Tokens, 5, 9, 2, 900);
        var table = Evaluator(data, Version("tokens", Tokens)).Evaluate("tokens");

        // Team 5 has 10 people: few contributors is not told apart from a cover (a reason that did would be a bound).
        Assert.Equal(SuppressionReasons.Complementary, table.Get(Key(5)).Reason);
        Assert.Equal(0, table.Get(Key(7)).Value);
        Assert.False(table.Get(Key(7)).Suppressed);
    }

    [Fact]
    public void MetricsCountingTheSameThingShareOnePattern()
    {
        // Active users split by tool and the share of active people count the same people: a count hidden
        // by the split (COMPLEMENTARY) must not be readable as share × headcount.
        var data = Tree();
        var people = new MetricDefinition { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople };
        var share = new MetricDefinition { Source = EventTypes.AiUsage, Aggregation = Aggregations.ShareOfPeople };
        foreach (var (group, users) in new[] { (1, 14), (2, 14), (4, 6), (5, 8) })
        {
            Raw(data, people, group, users * 3, users, users);
        }

        Raw(data, people, 4, 18, 6, 6, "tool", "Kiro");
        Raw(data, people, 5, 9, 3, 3, "tool", "Kiro");
        Raw(data, people, 5, 15, 5, 5, "tool", "Codex");
        Raw(data, people, 2, 27, 9, 9, "tool", "Kiro");
        Raw(data, people, 2, 15, 5, 5, "tool", "Codex");
        Raw(data, people, 1, 27, 9, 9, "tool", "Kiro");
        Raw(data, people, 1, 15, 5, 5, "tool", "Codex");
        var evaluator = Evaluator(data, Version("active", people, "tool"), Version("share", share));

        var active = evaluator.Evaluate("active");
        var shares = evaluator.Evaluate("share");

        Assert.Equal(SuppressionReasons.Complementary, active.Get(Key(5, "tool", "Kiro")).Reason);
        // Team 4 uses Kiro only: its Kiro count covers team 5's, so its total would give it back.
        Assert.Equal(SuppressionReasons.Complementary, active.Get(Key(4)).Reason);
        Assert.Equal(SuppressionReasons.Complementary, shares.Get(Key(4)).Reason);
        Assert.All(Units.Keys, unit => Assert.Equal(active.Get(Key(unit)).Suppressed, shares.Get(Key(unit)).Suppressed));
    }
}
