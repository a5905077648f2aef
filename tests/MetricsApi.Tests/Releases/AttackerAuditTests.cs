using MetricsApi.Features.Catalogue;
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

    [Fact]
    public void APersonInTwoTeamsDoesNotTakeTheirOrgOutOfTheAudit()
    {
        // Someone moved from team 4 to team 5 during the week and used AI tools in both: 6 + 5 active in the
        // teams, 10 in the org. Team 3 (3 people, nobody active) is hidden. As an exact sum, org = 3 + 4 + 5 has no
        // solution and the audit skipped the component; as "between the largest team and the sum" it is audited.
        var week = new PeriodRange(Grains.Week, [new Period(Week, Week.AddDays(7))]);
        var units = new[] { (1, "COMPANY", (int?)null, 19), (2, "ORG", 1, 19), (3, "TEAM", 2, 3), (4, "TEAM", 2, 8), (5, "TEAM", 2, 8) };
        var structure = new OrgStructure(units.Select(u => new OrgNode(u.Item1, "u" + u.Item1, "u" + u.Item1, u.Item2, u.Item3, u.Item3 is null ? "/1/" : u.Item3 == 1 ? "/1/2/" : $"/1/2/{u.Item1}/")));
        var values = new Dictionary<int, double> { [1] = 10, [2] = 10, [3] = 0, [4] = 6, [5] = 5 };
        var cells = units.ToDictionary(u => Key(u.Item1), u => new Cell { Key = Key(u.Item1), Value = values[u.Item1], People = u.Item4, Empty = values[u.Item1] == 0 });
        cells[Key(3)].Suppress(SuppressionReasons.BelowMinGroupSize);
        var table = new MetricTable(cells, key => throw new InvalidOperationException());
        var (tree, split) = new SecondarySuppression(structure, week).Sets(table, []);

        AttackModel Model(Func<int, bool>? shared) =>
            new IntervalAudit(QuantityFamily.People, key => values[key.Group], DisclosureRules.Default, Grains.Week, sharedPeopleBelow: shared)
                .Model(table, tree, split, c => c.Suppressed);

        Assert.False(AttackerAudit.Intervals(Model(null)).ContainsKey(Key(3)));
        Assert.Equal((0.0, 3.0), AttackerAudit.Intervals(Model(unit => unit <= 2)).GetValueOrDefault(Key(3)));
    }
}
