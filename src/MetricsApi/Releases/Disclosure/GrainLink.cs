using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The released weeks of one quantity beside its month table, as one attacker holds both grains: the weeks'
/// cells (served values known, hidden ones unknown within their bounds), their own relations (the tree and
/// the split, as the week's audit used them) and the relations between the grains (a month's people are at
/// least any week's inside it and at most the sum of the weeks overlapping it; its events at least the weeks
/// inside and at most the weeks overlapping). The month's audit adds all of it to its model, so a month value
/// that narrows a hidden week through the teams' hidden months and other weeks' zeros is found like any other
/// inference, and a hidden week short of its protection gets month covers (the weeks are released and never
/// change). Relations the true tables do not satisfy (events that arrived after a week was released, people
/// who moved) are left out: no one can use them, and a model with no solution would leave its cells unaudited.
/// </summary>
/// <param name="family">How the quantity's values relate.</param>
/// <param name="k">The quantity's least group size (a hidden cell with no events in a group that size is a known zero).</param>
/// <param name="personBased">Whether the quantity counts people's events (every hidden week cell then needs protection; otherwise only small groups').</param>
/// <param name="structure">The org tree of the month.</param>
/// <param name="released">The weeks of the quantity that have a release.</param>
/// <param name="served">The released weeks' cells, by unit and dimension value.</param>
/// <param name="truth">The weeks' true values and headcounts (evaluated with the month).</param>
/// <param name="sharedPeople">Whether a team shared a person with another team in a week (someone moved): its units' people are then a union, not a sum.</param>
/// <param name="quantityKey">The quantity.</param>
/// <param name="bounds">What the released weeks allow each month cell (<see cref="OtherGrains.MonthBounds"/>).</param>
public sealed class GrainLink(
    QuantityFamily family,
    int k,
    bool personBased,
    OrgStructure structure,
    IReadOnlySet<DateOnly> released,
    IReadOnlyDictionary<(int Unit, string? Dimension, string? Value), List<OtherGrains.WeekCell>> served,
    RawData truth,
    Func<DateOnly, int, bool> sharedPeople,
    string quantityKey,
    Func<CellKey, (double Lower, double Upper)?> bounds)
{
    private (List<AttackCell> Cells, List<LinearRelation> Relations)? _weeks;

    /// <summary>The least and largest value the released weeks allow a month cell; null when they say nothing.</summary>
    public (double Lower, double Upper)? Bounds(CellKey month) => bounds(month);

    /// <summary>Adds the weeks overlapping the model's month cells, their relations and the relations between the grains.</summary>
    public void AddTo(AttackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var months = model.Cells.Keys.Where(k => k.Grain is null).ToList();
        _weeks ??= Weeks(months);
        foreach (var cell in _weeks.Value.Cells)
        {
            model.Cells[cell.Key] = cell;
        }

        var relations = new List<LinearRelation>(_weeks.Value.Relations);
        foreach (var month in months)
        {
            var overlapping = PeriodRange.WeeksOverlapping(month.Period).Select(w => Week(month, w)).ToList();
            var inside = overlapping.Where(w => PeriodRange.WeekInside(w.Period, month.Period)).ToList();
            if (model.Cells[month] is { Known: true, Value: 0 })
            {
                // Nothing in the month (served, or a known zero): nothing in any week inside it either. Like a zero
                // inside a known zero of the same table, such a week singles nobody out and needs no interval.
                foreach (var week in inside.Where(w => model.Cells[w] is { Known: false, Value: 0 }))
                {
                    model.Cells[week] = model.Cells[week] with { Known = true, Lower = 0, Upper = 0 };
                }
            }

            if (family == QuantityFamily.Magnitude)
            {
                relations.Add(new LinearRelation([(month, 1), .. inside.Select(w => (w, -1.0))], 0, double.PositiveInfinity));
            }
            else
            {
                relations.AddRange(inside.Select(w => LinearRelation.AtLeast(month, w)));
            }

            relations.Add(LinearRelation.AtMostSum(month, overlapping));
        }

        model.Relations.AddRange(relations.Where(model.Holds));
    }

    private static CellKey Week(CellKey month, DateOnly week) => month with { Period = week, Grain = Grains.Week };

    /// <summary>The week cells under the month's cells (every unit, every dimension value, every overlapping week) and their relations.</summary>
    private (List<AttackCell> Cells, List<LinearRelation> Relations) Weeks(List<CellKey> months)
    {
        var layers = months.Select(m => (m.Dimension, Value: m.DimensionValue)).Concat(served.Keys.Select(k => (k.Dimension, k.Value))).Distinct().ToList();
        var weeks = months.Select(m => m.Period).Distinct().SelectMany(PeriodRange.WeeksOverlapping).Distinct().ToList();
        var values = truth.Metrics.GetValueOrDefault(quantityKey) ?? [];
        // A released week holds a cell for every unit and every value of a dimension seen that week: a cell it does
        // not hold is a value nobody had (known 0), unless the week's release holds no cell of that dimension at all.
        var dimensions = served.SelectMany(s => s.Value.Select(c => (c.Week, s.Key.Dimension))).ToHashSet();
        var cells = new Dictionary<CellKey, AttackCell>();

        // As in the week's own audit (SecondarySuppression): a hidden cell with no events is known to be nothing when its
        // group has at least k people, or when it lies inside such a zero (the parent unit's same tool, or its own total).
        var zeros = new Dictionary<CellKey, bool>();
        bool KnownZero(CellKey key)
        {
            if (!zeros.TryGetValue(key, out var known))
            {
                var parent = structure.Units.GetValueOrDefault(key.Group)?.ParentId;
                known = !values.ContainsKey(key with { Grain = null }) && (truth.Headcounts.GetValueOrDefault((key.Group, key.Period)) >= k
                    || (parent is { } p && structure.Units.ContainsKey(p) && KnownZero(key with { Group = p }))
                    || (key.Dimension is not null && KnownZero(key.Total)));
                zeros[key] = known;
            }

            return known;
        }

        foreach (var week in weeks)
        {
            foreach (var (dimension, value) in layers)
            {
                foreach (var unit in structure.Units.Keys)
                {
                    var key = new CellKey(unit, week, dimension, value, Grains.Week);
                    var cell = served.GetValueOrDefault((unit, dimension, value))?.Find(c => c.Week == week);
                    var real = values.GetValueOrDefault(key with { Grain = null })?.A ?? 0;
                    cells[key] = !released.Contains(week) || (cell is null && !dimensions.Contains((week, dimension)))
                        ? new AttackCell(key, false, real, 0, double.PositiveInfinity, Sensitive: false)
                        : cell is null ? new AttackCell(key, true, 0, 0, 0)
                        : cell.Quantity is { } shown ? new AttackCell(key, true, shown, shown, shown)
                        : KnownZero(key) ? new AttackCell(key, true, 0, 0, 0)
                        : new AttackCell(key, false, real, 0, double.PositiveInfinity, Sensitive: personBased || cell.Reason == SuppressionReasons.BelowMinGroupSize);
                }
            }
        }

        var relations = new List<LinearRelation>();
        foreach (var week in weeks)
        {
            foreach (var (dimension, value) in layers)
            {
                foreach (var (parent, children) in structure.Children)
                {
                    var set = new AdditiveSet(new CellKey(parent, week, dimension, value, Grains.Week),
                        [.. children.Select(c => new CellKey(c.Id, week, dimension, value, Grains.Week))]);
                    relations.AddRange(IntervalAudit.Relations(set, family == QuantityFamily.Days
                        || (family == QuantityFamily.People && structure.TeamsBelow(parent).Any(team => sharedPeople(week, team)))));
                }
            }

            foreach (var unit in structure.Units.Keys)
            {
                foreach (var split in layers.Where(l => l.Dimension is not null).GroupBy(l => l.Dimension))
                {
                    var set = new AdditiveSet(new CellKey(unit, week, null, null, Grains.Week),
                        [.. split.Select(l => l.Value).Order(StringComparer.Ordinal).Select(v => new CellKey(unit, week, split.Key, v, Grains.Week))]);
                    relations.AddRange(IntervalAudit.Relations(set, family is QuantityFamily.People or QuantityFamily.Days));
                }
            }
        }

        return ([.. Bounded(cells).Values], relations);
    }

    /// <summary>
    /// Each unknown week cell's largest value, as for the month's own cells: days at most 7, people at most the headcount
    /// and what the unit's children can hold (a served child its value), events unbounded; never below the true value.
    /// </summary>
    private Dictionary<CellKey, AttackCell> Bounded(Dictionary<CellKey, AttackCell> cells)
    {
        var uppers = new Dictionary<CellKey, double>();
        double Upper(CellKey key)
        {
            var cell = cells[key];
            if (cell.Known)
            {
                return cell.Value;
            }

            if (!uppers.TryGetValue(key, out var upper))
            {
                upper = family switch
                {
                    QuantityFamily.Days => 7,
                    QuantityFamily.People => truth.Headcounts.GetValueOrDefault((key.Group, key.Period)),
                    _ => double.PositiveInfinity,
                };
                if (family == QuantityFamily.People && structure.Children.TryGetValue(key.Group, out var children))
                {
                    upper = Math.Min(upper, children.Sum(c => Upper(key with { Group = c.Id })));
                }

                uppers[key] = upper = Math.Max(upper, cell.Value);
            }

            return upper;
        }

        return cells.ToDictionary(c => c.Key, c => c.Value.Known ? c.Value : c.Value with { Upper = Upper(c.Key) });
    }
}
