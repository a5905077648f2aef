using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases.Attack;

/// <summary>
/// The attacker's audit against many random organisations (issue 11, done-when): a company of two or three
/// orgs of two to four teams of 1 to 12 people, each person using some of three tools, evaluated with the
/// product's disclosure control at k = 5; then an attacker's own GLOP model over everything the table
/// serves (visible values, zeros known to be zero, every tree and tool relation, headcounts, non-negativity)
/// asks how far each hidden cell can move. Every hidden cell must keep an interval that reaches its
/// protection level (10 % of its value, at least 1, within 0 and its headcount for people) on both sides.
/// Seeds are fixed, so a failure names the organisation that breaks it.
/// </summary>
public sealed class RandomTableAttackTests
{
    private static readonly DateOnly Week = new(2026, 3, 2);
    private static readonly PeriodRange Range = new(Grains.Week, [new Period(Week, Week.AddDays(7))]);
    internal static readonly MetricDefinition ActivePeople = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople };
    internal static readonly MetricDefinition Tokens = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.Sum, Field = "totalTokens" };

    // 1,500 organisations per quantity, in blocks of 150 seeds (a failure names its seed).
    [Theory]
    [MemberData(nameof(Attacker.Blocks), 10, MemberType = typeof(Attacker))]
    public void NoHiddenCountOfActivePeopleIsNarrowerThanItsProtection(int block) =>
        AssertProtected([.. Seeds(block).SelectMany(seed => Attack(seed, ActivePeople, people: true))]);

    [Theory]
    [MemberData(nameof(Attacker.Blocks), 10, MemberType = typeof(Attacker))]
    public void NoHiddenTokenSumIsNarrowerThanItsProtection(int block) =>
        AssertProtected([.. Seeds(block).SelectMany(seed => Attack(seed, Tokens, people: false))]);

    private static IEnumerable<int> Seeds(int block) => Enumerable.Range((block * 150) + 1, 150);

    private static void AssertProtected(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail(string.Join('\n', failures));
        }
    }

    /// <summary>Evaluates a random organisation's week and returns every hidden cell an attacker narrows below its protection.</summary>
    private static List<string> Attack(int seed, MetricDefinition metric, bool people)
    {
        var org = RandomOrganisation.Make(seed, [Week]);
        var (table, truth) = Evaluate(org, metric, people, Range);
        return Attacker.Attack($"seed {seed}", org, people, [(table, truth)], month: null);
    }

    /// <summary>One period's table with the product's disclosure control, and its true aggregates.</summary>
    internal static (MetricTable Table, Dictionary<CellKey, RawAggregate> Truth) Evaluate(RandomOrganisation org, MetricDefinition metric, bool people,
        PeriodRange range, OtherGrains? otherGrains = null)
    {
        var period = range.Periods[0];
        var truth = org.Aggregates(people, period.Start, period.End);
        var data = new RawData();
        foreach (var (unit, headcount) in org.Headcounts)
        {
            data.Headcounts[(unit, period.Start)] = headcount;
        }

        data.Metrics[Quantity.KeyOf(metric)] = truth;
        var version = TableEvaluatorTests.Version("m", metric, "tool", range.Grain);
        var table = new TableEvaluator(new OrgStructure(org.Units), data, range, new Dictionary<string, MetricVersion> { ["m"] = version },
            Quantity.Of([version], _ => 5), _ => 5, otherGrains: otherGrains).Evaluate("m");
        return (table, truth);
    }
}
