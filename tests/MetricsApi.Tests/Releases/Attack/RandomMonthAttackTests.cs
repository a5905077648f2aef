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

    /// <summary>
    /// The other way round: March released first, then its weeks one by one, newest first, each with March and the
    /// weeks already built in its model (as the builder does when a week is built after its month: a revision, or a
    /// metric of the same events published at the week later). Built without March in their model, the weeks left
    /// 3 of the 300 organisations with a hidden cell narrowed (seeds 37, 99 and 260); all 300 pass with it. Each
    /// organisation builds six weeks with seven periods in their models, so CI runs the three blocks that held
    /// those seeds (150 organisations).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void NoHiddenCountOfActivePeopleIsNarrowerThanItsProtectionWhenTheMonthIsReleasedFirst(int block)
    {
        var failures = new List<string>();
        foreach (var seed in Enumerable.Range((block * 50) + 1, 50))
        {
            failures.AddRange(AttackMonthFirst(seed, RandomTableAttackTests.ActivePeople));
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
        var tables = weeks.Select(w => RandomTableAttackTests.Evaluate(org, metric, people, WeekOf(w))).ToList();

        // What the weeks served, and the true values of the weeks overlapping March (the month's build evaluates them).
        var grains = new OtherGrains();
        tables.ForEach(t => Served(grains, metric, Grains.Week, t));
        grains.UseValues(Grains.Week, Truth(metric, tables));

        tables.Add(RandomTableAttackTests.Evaluate(org, metric, people, MonthOf(March), grains));
        return Attacker.Attack($"seed {seed}", org, people, tables, March);
    }

    private static List<string> AttackMonthFirst(int seed, MetricDefinition metric)
    {
        var weeks = PeriodRange.WeeksOverlapping(March);
        var org = RandomOrganisation.Make(seed, weeks);
        var month = RandomTableAttackTests.Evaluate(org, metric, true, MonthOf(March));
        // The true values of every week, as a week's build evaluates the weeks beside it.
        var truth = Truth(metric, [.. weeks.Select(w => RandomTableAttackTests.Evaluate(org, metric, true, WeekOf(w)))]);

        var grains = new OtherGrains();
        Served(grains, metric, Grains.Month, month);
        grains.UseValues(Grains.Month, Truth(metric, [month]));
        grains.UseValues(Grains.Week, truth);
        var tables = new List<(MetricTable Table, Dictionary<CellKey, RawAggregate> Truth)>();
        foreach (var week in weeks.Reverse())
        {
            var table = RandomTableAttackTests.Evaluate(org, metric, true, WeekOf(week), grains);
            Served(grains, metric, Grains.Week, table);
            tables.Add(table);
        }

        tables.Add(month);
        return Attacker.Attack($"seed {seed} (month first)", org, true, tables, March);
    }

    private static PeriodRange WeekOf(DateOnly week) => new(Grains.Week, [new Period(week, week.AddDays(7))]);

    private static PeriodRange MonthOf(DateOnly month) => new(Grains.Month, [new Period(month, month.AddMonths(1))]);

    /// <summary>What a released table served, as the builder reads it back.</summary>
    private static void Served(OtherGrains grains, MetricDefinition metric, string grain, (MetricTable Table, Dictionary<CellKey, RawAggregate> Truth) released)
    {
        foreach (var cell in released.Table.Cells.Values)
        {
            grains.Add(metric, grain, cell.Key.Period, cell.Key.Group, cell.Key.Dimension, cell.Key.DimensionValue, cell.Suppressed ? null : cell.Value, cell.People, cell.Reason);
        }
    }

    /// <summary>The true values and headcounts of tables of one grain, as the builder evaluates them.</summary>
    private static RawData Truth(MetricDefinition metric, List<(MetricTable Table, Dictionary<CellKey, RawAggregate> Truth)> tables)
    {
        var values = new RawData();
        foreach (var cell in tables.SelectMany(t => t.Table.Cells.Values))
        {
            values.Headcounts[(cell.Key.Group, cell.Key.Period)] = cell.People;
        }

        values.Metrics[Quantity.KeyOf(metric)] = tables.SelectMany(t => t.Truth).ToDictionary(c => c.Key, c => c.Value);
        return values;
    }
}
