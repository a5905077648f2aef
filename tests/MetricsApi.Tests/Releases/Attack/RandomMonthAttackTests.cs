using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases.Attack;

/// <summary>
/// Both grains at once (issue 11: month − weeks): a random organisation's six weeks overlapping March 2026 are
/// released first, then March with what those weeks served (as the release builder does), and the attacker's
/// own model joins all seven tables (<see cref="Attacker"/>). No hidden cell of March or of its weeks may be
/// narrower than its protection.
/// </summary>
public sealed class RandomMonthAttackTests
{
    private static readonly DateOnly March = new(2026, 3, 1);

    /// <summary>
    /// Distinct people only: counts and sums of events add up over time, so the catalogue lets a metric of them be
    /// read at one grain only (<c>MetricValidator</c>, "grains").
    /// </summary>
    [Theory]
    // 300 organisations, in blocks of 50 seeds.
    [MemberData(nameof(Attacker.Blocks), 6, MemberType = typeof(Attacker))]
    public void NoHiddenCountOfActivePeopleInAMonthOrItsWeeksIsNarrowerThanItsProtection(int block)
    {
        var failures = new List<string>();
        foreach (var seed in Enumerable.Range((block * 50) + 1, 50))
        {
            failures.AddRange(Attack(seed, RandomTableAttackTests.ActivePeople, people: true));
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join('\n', failures));
        }
    }

    private static List<string> Attack(int seed, MetricDefinition metric, bool people)
    {
        var weeks = PeriodRange.WeeksOverlapping(March);
        var org = RandomOrganisation.Make(seed, weeks);
        var tables = weeks.Select(w => RandomTableAttackTests.Evaluate(org, metric, people, new PeriodRange(Grains.Week, [new Period(w, w.AddDays(7))]))).ToList();

        // What the weeks served, and the true values of the weeks overlapping March (the month's build evaluates them).
        var grains = new OtherGrains();
        var values = new RawData();
        foreach (var (table, _) in tables)
        {
            foreach (var cell in table.Cells.Values)
            {
                grains.Add(metric, cell.Key.Period, cell.Key.Group, cell.Key.Dimension, cell.Key.DimensionValue, cell.Suppressed ? null : cell.Value, cell.People, cell.Reason);
                values.Headcounts[(cell.Key.Group, cell.Key.Period)] = cell.People;
            }
        }

        values.Metrics[Quantity.KeyOf(metric)] = tables.SelectMany(t => t.Truth).ToDictionary(c => c.Key, c => c.Value);
        grains.UseWeekValues(values);

        tables.Add(RandomTableAttackTests.Evaluate(org, metric, people, new PeriodRange(Grains.Month, [new Period(March, March.AddMonths(1))]), grains));
        return Attacker.Attack($"seed {seed}", org, people, tables, March);
    }
}
