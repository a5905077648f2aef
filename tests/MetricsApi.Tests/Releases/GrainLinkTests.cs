using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Ingestion;
using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// <see cref="GrainLink"/> on its own, for a week built after a month it overlaps (issue 11): one group of 10 people,
/// active people per week, October 2026 released with its weeks. What the link adds to the week's model, and what
/// the attacker's solver then derives for the week's hidden cell.
/// </summary>
public sealed class GrainLinkTests
{
    private static readonly MetricDefinition ActivePeople = new() { Source = EventTypes.AiUsage, Aggregation = Aggregations.DistinctPeople };
    private static readonly string QuantityKey = Quantity.KeyOf(ActivePeople);
    private static readonly OrgStructure Company = OrgStructure.FromParents([(1, "acme", "Acme", "COMPANY", null)]);
    private static readonly DateOnly October = new(2026, 10, 1);
    private static readonly DateOnly November = new(2026, 11, 1);

    /// <summary>The week of 26 October runs into November; the week of 12 October lies inside October.</summary>
    private static readonly DateOnly Straddling = new(2026, 10, 26);
    private static readonly DateOnly Inside = new(2026, 10, 12);

    private static CellKey Cell(DateOnly week) => new(1, week, null, null);

    /// <summary>
    /// The model of a week's table (its one cell hidden, with its true value) after the link: the released months with
    /// their served values (their true values), every other week of October released and served as 0.
    /// </summary>
    private static (GrainLink Link, AttackModel Model) WeekModel(DateOnly week, double truth, Dictionary<DateOnly, double> months)
    {
        var grains = new OtherGrains();
        var monthTruth = new RawData();
        monthTruth.Metrics[QuantityKey] = [];
        foreach (var (month, served) in months)
        {
            grains.Add(ActivePeople, Grains.Month, month, 1, null, null, served, 10);
            monthTruth.Headcounts[(1, month)] = 10;
            monthTruth.Metrics[QuantityKey][Cell(month)] = new RawAggregate((long)served, (long)served, served, null);
        }

        var weekTruth = new RawData();
        weekTruth.Metrics[QuantityKey] = [];
        foreach (var other in PeriodRange.WeeksOverlapping(October).Where(w => w != week))
        {
            grains.Add(ActivePeople, Grains.Week, other, 1, null, null, 0, 10);
        }

        // The builder evaluates every week overlapping the released months; November's other weeks are not released.
        foreach (var any in months.Keys.SelectMany(PeriodRange.WeeksOverlapping))
        {
            weekTruth.Headcounts[(1, any)] = 10;
        }

        grains.UseValues(Grains.Month, monthTruth);
        grains.UseValues(Grains.Week, weekTruth);
        var link = grains.For(QuantityKey, QuantityFamily.People, 5, true, Company, Grains.Week, week)!;
        var model = new AttackModel();
        model.Cells[Cell(week)] = new AttackCell(Cell(week), false, truth, 0, 10);
        link.AddTo(model);
        return (link, model);
    }

    [Fact]
    public void AReleasedMonthLessItsOtherWeeksBoundsAWeekBuiltAfterIt()
    {
        // October shows 6 and its four other weeks 0: the week of 26 October holds all 6 (it has 6, and up to 10 people).
        var (link, model) = WeekModel(Straddling, 6, new() { [October] = 6 });

        var interval = AttackerAudit.Intervals(model)[Cell(Straddling)];

        Assert.Equal((6.0, 10.0), interval);
        Assert.False(IntervalAudit.IsProtected(model.Cells[Cell(Straddling)], interval.Min, interval.Max, 10));
        Assert.Equal((6.0, double.PositiveInfinity), link.Bounds(Cell(Straddling)));
        Assert.True(model.Cells.ContainsKey(new CellKey(1, October, null, null, Grains.Month)));
        Assert.Equal(4, model.Cells.Keys.Count(k => k.Grain == Grains.Week));
    }

    [Fact]
    public void AWeekBetweenTwoReleasedMonthsIsAtMostTheirSum()
    {
        // October shows 2 and November 3: the week between them has at most 5 of its 10 people, and at least October's 2.
        var (_, model) = WeekModel(Straddling, 5, new() { [October] = 2, [November] = 3 });

        var interval = AttackerAudit.Intervals(model)[Cell(Straddling)];

        Assert.Equal((2.0, 5.0), interval);
    }

    [Fact]
    public void AnEmptyWeekInsideAMonthThatShowsNothingIsKnown()
    {
        // October shows 0: the week of 12 October had nobody either, whatever its own table hides.
        var (_, model) = WeekModel(Inside, 0, new() { [October] = 0 });

        Assert.True(model.Cells[Cell(Inside)].Known);
    }

    [Fact]
    public void ARelationTheTrueTablesDoNotSatisfyIsLeftOut()
    {
        // Late events: the week (built later) has 8 people, October (built earlier) showed 6. "October is at least
        // the week" no longer holds; kept, it would leave the model without a solution and the week unaudited.
        // "October is at most the sum of its weeks" still holds (late events only add), and still bounds the week.
        var (_, model) = WeekModel(Inside, 8, new() { [October] = 6 });

        Assert.DoesNotContain(model.Relations, r => r.Terms.Count == 2 && r.Terms.Any(t => t.Cell == Cell(Inside)) && r.Terms.Any(t => t.Cell.Grain == Grains.Month));
        Assert.Equal((6.0, 10.0), AttackerAudit.Intervals(model)[Cell(Inside)]);
    }
}
