using MetricsApi.Releases.Disclosure;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Tests.Releases;

/// <summary>
/// The attacker's solver on its own: bounds and equations together pin what equations alone leave open
/// (issue 11, class 2), and the protection test says so.
/// </summary>
public sealed class AttackerAuditTests
{
    private static readonly DateOnly Week = new(2026, 3, 2);

    private static CellKey Key(int group) => new(group, Week, null, null);

    [Fact]
    public void HeadcountBoundsPinTwoHiddenChildrenOfAVisibleHundredPercentParent()
    {
        // org (9 people) shows 9 active; gamma (5 people) and small (4 people) are hidden. The equation
        // gamma + small = 9 alone leaves both open; with gamma <= 5 and small <= 4 both are exact.
        var model = new AttackModel();
        model.Cells[Key(1)] = new AttackCell(Key(1), true, 9, 0, 9);
        model.Cells[Key(2)] = new AttackCell(Key(2), false, 5, 0, 5);
        model.Cells[Key(3)] = new AttackCell(Key(3), false, 4, 0, 4);
        model.Relations.Add(LinearRelation.Sum(Key(1), [Key(2), Key(3)]));

        var intervals = AttackerAudit.Intervals(model);

        Assert.Equal((5.0, 5.0), intervals[Key(2)]);
        Assert.Equal((4.0, 4.0), intervals[Key(3)]);
        Assert.False(IntervalAudit.IsProtected(model.Cells[Key(3)], 4, 4, 10));
    }

    [Fact]
    public void WithoutTheBoundsTheSameHiddenPairKeepsItsProtection()
    {
        // The same pair in a token total (no headcount bound): each lies anywhere in [0, 9].
        var model = new AttackModel();
        model.Cells[Key(1)] = new AttackCell(Key(1), true, 9, 0, double.PositiveInfinity);
        model.Cells[Key(2)] = new AttackCell(Key(2), false, 5, 0, double.PositiveInfinity);
        model.Cells[Key(3)] = new AttackCell(Key(3), false, 4, 0, double.PositiveInfinity);
        model.Relations.Add(LinearRelation.Sum(Key(1), [Key(2), Key(3)]));

        var intervals = AttackerAudit.Intervals(model);

        Assert.Equal((0.0, 9.0), intervals[Key(3)]);
        Assert.True(IntervalAudit.IsProtected(model.Cells[Key(3)], intervals[Key(3)].Min, intervals[Key(3)].Max, 10));
    }

    [Fact]
    public void ACoverNeedsNoIntervalOfItsOwnAndIsNotSolvedFor()
    {
        var model = new AttackModel();
        model.Cells[Key(1)] = new AttackCell(Key(1), true, 9, 0, 9);
        model.Cells[Key(2)] = new AttackCell(Key(2), false, 5, 0, 5, Sensitive: false);
        model.Cells[Key(3)] = new AttackCell(Key(3), false, 4, 0, 4);
        model.Relations.Add(LinearRelation.Sum(Key(1), [Key(2), Key(3)]));

        var intervals = AttackerAudit.Intervals(model);

        Assert.False(intervals.ContainsKey(Key(2)));
        Assert.Equal((4.0, 4.0), intervals[Key(3)]);
    }

    [Fact]
    public void AnUnboundedMaximumDoesNotHideANarrowMinimum()
    {
        // A month's token sum (100) is hidden with two hidden parts and no upper bound anywhere, but the weeks
        // inside it served 95: at least 95 is within 10 % of 100. GLOP reports the unbounded maximum of such a
        // model as INFEASIBLE at times; that must read as +∞, not drop the cell (a dropped cell passed as protected).
        var model = new AttackModel();
        model.Cells[Key(1)] = new AttackCell(Key(1), false, 100, 0, double.PositiveInfinity);
        model.Cells[Key(2)] = new AttackCell(Key(2), false, 60, 0, double.PositiveInfinity);
        model.Cells[Key(3)] = new AttackCell(Key(3), false, 40, 0, double.PositiveInfinity);
        model.Relations.Add(LinearRelation.Sum(Key(1), [Key(2), Key(3)]));
        model.Relations.Add(new LinearRelation([(Key(1), 1)], 95, double.PositiveInfinity));

        var intervals = AttackerAudit.Intervals(model);

        Assert.Equal(95, intervals[Key(1)].Min, 6);
        Assert.Equal(double.PositiveInfinity, intervals[Key(1)].Max);
        Assert.False(IntervalAudit.IsProtected(model.Cells[Key(1)], intervals[Key(1)].Min, intervals[Key(1)].Max, 10));
        Assert.Equal((0.0, double.PositiveInfinity), intervals[Key(2)]);
    }
}
