using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The released periods of the other grain of one quantity beside a table, as one attacker holds both grains: their
/// cells (served values known, hidden ones unknown within their bounds), their own relations (the tree and the
/// split, as their audits used them) and the relations between the grains (a month's people are at least any
/// week's inside it and at most the sum of the weeks overlapping it; its events at least the weeks inside and at
/// most the weeks overlapping; a week that straddles two months held here is at most their sum). A month's table
/// holds the weeks overlapping it; a week's table the released months it overlaps and their other weeks. The
/// table's audit adds all of it to its model, so a value that narrows a hidden cell of the other grain (through
/// the teams' hidden months and other weeks' zeros) is found like any other inference, and a hidden cell of the
/// other grain short of its protection gets covers in the table (released periods never change). Relations the
/// true tables do not satisfy (events that arrived after a release, people who moved) are left out: no one can
/// use them, and a model with no solution would leave its cells unaudited.
/// </summary>
/// <param name="family">How the quantity's values relate.</param>
/// <param name="k">The quantity's least group size (a hidden cell with no events in a group that size is a known zero).</param>
/// <param name="personBased">Whether the quantity counts people's events (every hidden cell of the other grain then needs protection; otherwise only small groups').</param>
/// <param name="structure">The org tree of the table's period.</param>
/// <param name="grain">The table's grain.</param>
/// <param name="start">The table's period.</param>
/// <param name="released">The periods of the quantity that have a release.</param>
/// <param name="served">The released cells, by grain, unit and dimension value.</param>
/// <param name="truth">The true values and headcounts of a grain's periods beside the table (evaluated with it).</param>
/// <param name="sharedPeople">Whether a team shared a person with another team in a period (someone moved): its units' people are then a union, not a sum.</param>
/// <param name="quantityKey">The quantity.</param>
/// <param name="bounds">What the released periods allow each table cell (<see cref="OtherGrains.MonthBounds"/>, <see cref="OtherGrains.WeekBounds"/>).</param>
public sealed class GrainLink(
    QuantityFamily family,
    int k,
    bool personBased,
    OrgStructure structure,
    string grain,
    DateOnly start,
    IReadOnlySet<(string Grain, DateOnly Start)> released,
    IReadOnlyDictionary<(string Grain, int Unit, string? Dimension, string? Value), List<OtherGrains.ReleasedCell>> served,
    Func<string, RawData?> truth,
    Func<string, DateOnly, int, bool> sharedPeople,
    string quantityKey,
    Func<CellKey, (double Lower, double Upper)?> bounds)
{
    private (List<AttackCell> Cells, List<LinearRelation> Relations)? _others;

    /// <summary>The least and largest value the released periods of the other grain allow a table cell; null when they say nothing.</summary>
    public (double Lower, double Upper)? Bounds(CellKey cell) => bounds(cell);

    /// <summary>
    /// The periods of the other grains in the model: for a month, the weeks overlapping it; for a week, the released
    /// months it overlaps and their other weeks.
    /// </summary>
    private List<(string Grain, DateOnly Start)> Others => _periods ??= OtherPeriods();

    private List<(string Grain, DateOnly Start)>? _periods;

    private List<(string Grain, DateOnly Start)> OtherPeriods()
    {
        if (grain == Grains.Month)
        {
            return [.. PeriodRange.WeeksOverlapping(start).Select(w => (Grains.Week, w))];
        }

        var months = new[] { PeriodRange.StartOf(Grains.Month, start), PeriodRange.StartOf(Grains.Month, start.AddDays(6)) }.Distinct()
            .Where(m => released.Contains((Grains.Month, m))).ToList();
        return [.. months.Select(m => (Grains.Month, m)), .. months.SelectMany(PeriodRange.WeeksOverlapping).Distinct().Where(w => w != start).Select(w => (Grains.Week, w))];
    }

    /// <summary>A cell of the model: the table's own carry no grain, the other periods' name theirs (a week may start on its month's first day).</summary>
    private CellKey Key(string of, DateOnly period, int unit, string? dimension, string? value) =>
        of == grain && period == start ? new CellKey(unit, period, dimension, value) : new CellKey(unit, period, dimension, value, of);

    /// <summary>Adds the other grain's periods, their relations and the relations between the grains.</summary>
    public void AddTo(AttackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var table = model.Cells.Keys.Where(c => c.Grain is null).ToList();
        var layers = table.Select(c => (c.Dimension, Value: c.DimensionValue)).Concat(served.Keys.Select(s => (s.Dimension, s.Value))).Distinct().ToList();
        _others ??= OtherCells(layers);
        foreach (var cell in _others.Value.Cells)
        {
            model.Cells[cell.Key] = cell;
        }

        // The table lists every dimension value seen in its period: one it does not list is nothing there.
        foreach (var (dimension, value) in layers)
        {
            foreach (var unit in structure.Units.Keys)
            {
                var key = Key(grain, start, unit, dimension, value);
                model.Cells.TryAdd(key, new AttackCell(key, true, 0, 0, 0));
            }
        }

        var relations = new List<LinearRelation>(_others.Value.Relations);
        var months = grain == Grains.Month ? [start] : Others.Where(o => o.Grain == Grains.Month).Select(o => o.Start).ToList();
        foreach (var month in months)
        {
            foreach (var (dimension, value) in layers)
            {
                foreach (var unit in structure.Units.Keys)
                {
                    var key = Key(Grains.Month, month, unit, dimension, value);
                    var overlapping = PeriodRange.WeeksOverlapping(month).Select(w => Key(Grains.Week, w, unit, dimension, value)).ToList();
                    var inside = overlapping.Where(w => PeriodRange.WeekInside(w.Period, month)).ToList();
                    if (model.Cells[key] is { Known: true, Value: 0 })
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
                        relations.Add(new LinearRelation([(key, 1), .. inside.Select(w => (w, -1.0))], 0, double.PositiveInfinity));
                    }
                    else
                    {
                        relations.AddRange(inside.Select(w => LinearRelation.AtLeast(key, w)));
                    }

                    relations.Add(LinearRelation.AtMostSum(key, overlapping));
                    if (months.Count == 2 && grain == Grains.Week && month == months[0])
                    {
                        // The week between two months held here: its people or events lie in one month or the other.
                        relations.Add(LinearRelation.AtMostSum(Key(grain, start, unit, dimension, value), months.Select(m => Key(Grains.Month, m, unit, dimension, value))));
                    }
                }
            }
        }

        model.Relations.AddRange(relations.Where(model.Holds));
    }

    /// <summary>The cells of the other periods (every unit, every dimension value) and their relations.</summary>
    private (List<AttackCell> Cells, List<LinearRelation> Relations) OtherCells(List<(string? Dimension, string? Value)> layers)
    {
        var periods = Others;
        // A released period holds a cell for every unit and every value of a dimension seen in it: a cell it does not
        // hold is a value nobody had (known 0), unless its release holds no cell of that dimension at all.
        var dimensions = served.SelectMany(s => s.Value.Select(c => (s.Key.Grain, c.Start, s.Key.Dimension))).ToHashSet();
        var cells = new Dictionary<CellKey, AttackCell>();

        // As in the period's own audit (SecondarySuppression): a hidden cell with no events is known to be nothing when its
        // group has at least k people, or when it lies inside such a zero (the parent unit's same tool, or its own total).
        var zeros = new Dictionary<CellKey, bool>();
        bool KnownZero(CellKey key)
        {
            if (!zeros.TryGetValue(key, out var known))
            {
                var parent = structure.Units.GetValueOrDefault(key.Group)?.ParentId;
                var values = truth(key.Grain!);
                known = values?.Metrics.GetValueOrDefault(quantityKey)?.ContainsKey(key with { Grain = null }) != true
                    && (values?.Headcounts.GetValueOrDefault((key.Group, key.Period)) >= k
                        || (parent is { } p && structure.Units.ContainsKey(p) && KnownZero(key with { Group = p }))
                        || (key.Dimension is not null && KnownZero(key.Total)));
                zeros[key] = known;
            }

            return known;
        }

        foreach (var (of, period) in periods)
        {
            var values = truth(of)?.Metrics.GetValueOrDefault(quantityKey) ?? [];
            foreach (var (dimension, value) in layers)
            {
                foreach (var unit in structure.Units.Keys)
                {
                    var key = Key(of, period, unit, dimension, value);
                    var cell = served.GetValueOrDefault((of, unit, dimension, value))?.Find(c => c.Start == period);
                    var real = values.GetValueOrDefault(key with { Grain = null })?.A ?? 0;
                    cells[key] = !released.Contains((of, period)) || (cell is null && !dimensions.Contains((of, period, dimension)))
                        ? new AttackCell(key, false, real, 0, double.PositiveInfinity, Sensitive: false)
                        : cell is null ? new AttackCell(key, true, 0, 0, 0)
                        : cell.Quantity is { } shown ? new AttackCell(key, true, shown, shown, shown)
                        : KnownZero(key) ? new AttackCell(key, true, 0, 0, 0)
                        : new AttackCell(key, false, real, 0, double.PositiveInfinity, Sensitive: personBased || cell.Reason == SuppressionReasons.BelowMinGroupSize);
                }
            }
        }

        var relations = new List<LinearRelation>();
        foreach (var (of, period) in periods)
        {
            foreach (var (dimension, value) in layers)
            {
                foreach (var (parent, children) in structure.Children)
                {
                    var set = new AdditiveSet(Key(of, period, parent, dimension, value), [.. children.Select(c => Key(of, period, c.Id, dimension, value))]);
                    relations.AddRange(IntervalAudit.Relations(set, family == QuantityFamily.Days
                        || (family == QuantityFamily.People && structure.TeamsBelow(parent).Any(team => sharedPeople(of, period, team)))));
                }
            }

            foreach (var unit in structure.Units.Keys)
            {
                foreach (var split in layers.Where(l => l.Dimension is not null).GroupBy(l => l.Dimension))
                {
                    var set = new AdditiveSet(Key(of, period, unit, null, null),
                        [.. split.Select(l => l.Value).Order(StringComparer.Ordinal).Select(v => Key(of, period, unit, split.Key, v))]);
                    relations.AddRange(IntervalAudit.Relations(set, family is QuantityFamily.People or QuantityFamily.Days));
                }
            }
        }

        return ([.. Bounded(cells).Values], relations);
    }

    /// <summary>
    /// Each unknown cell's largest value, as for the table's own cells: distinct days at most the days in its period,
    /// people at most the headcount and what the unit's children can hold (a served child its value), events
    /// unbounded; never below the true value.
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
                    QuantityFamily.Days => PeriodRange.Next(key.Grain!, key.Period).DayNumber - key.Period.DayNumber,
                    QuantityFamily.People => truth(key.Grain!)?.Headcounts.GetValueOrDefault((key.Group, key.Period)) ?? double.PositiveInfinity,
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
