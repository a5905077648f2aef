using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// What the released periods of the other grain tell about a table's cells, per quantity. A month's distinct
/// people (or days) are at least those of any week inside it and at most the sum of the weeks that overlap it;
/// a month's events are at least the sum of the weeks inside it. An attacker holds both grains, so a table's
/// audit takes the bounds they give as the bounds of its cells, and the other grain's cells, with their relations
/// and the relations between the grains, into its model (<see cref="For"/>, a <see cref="GrainLink"/>). A month
/// is built after every week overlapping it (<c>ReleaseCalendar</c>), so its model holds those weeks; a week built
/// after a month it overlaps (a revision, a metric of the same events published later) holds that month and the
/// month's other weeks. Periods not released yet, or hidden cells, bound a sum by their headcount (people, days)
/// or not at all (events).
/// </summary>
public sealed class OtherGrains
{
    private readonly Dictionary<(string Quantity, string Grain, int Unit, string? Dimension, string? Value), List<ReleasedCell>> _cells = [];

    /// <summary>The periods each quantity has a release for (a cell missing from one is a tool nobody used in it).</summary>
    private readonly Dictionary<string, HashSet<(string Grain, DateOnly Start)>> _released = new(StringComparer.Ordinal);

    /// <summary>The true values and headcounts of the other grain's periods, by grain.</summary>
    private readonly Dictionary<string, RawData> _values = new(StringComparer.Ordinal);

    private readonly Dictionary<(string Grain, DateOnly Start), IReadOnlySet<int>> _sharedPeople = [];

    public static OtherGrains None { get; } = new();

    /// <summary>
    /// The true values and headcounts of periods of a grain beside the table (evaluated with it at its cut-off), for
    /// <see cref="PinsAHiddenWeek"/> and the joint model, with the teams that shared a person (someone moved) in each.
    /// </summary>
    public void UseValues(string grain, RawData values, IReadOnlyDictionary<DateOnly, IReadOnlySet<int>>? sharedPeople = null)
    {
        _values[grain] = values;
        foreach (var (start, teams) in sharedPeople ?? new Dictionary<DateOnly, IReadOnlySet<int>>())
        {
            _sharedPeople[(grain, start)] = teams;
        }
    }

    /// <summary>One released cell of a quantity, as an attacker reads it.</summary>
    /// <param name="Start">First day of its period.</param>
    /// <param name="Quantity">The quantity's value when served (a share times the headcount for shares), else null.</param>
    /// <param name="People">The group's headcount in the period.</param>
    /// <param name="Reason">Why it is hidden (null when served).</param>
    public sealed record ReleasedCell(DateOnly Start, double? Quantity, int People, string? Reason = null);

    /// <summary>
    /// The released periods of the other grain of one quantity as an attacker holds them beside a table of the period
    /// starting at <paramref name="start"/>: bounds on the table's cells and the other grain's own cells and relations
    /// (<see cref="GrainLink"/>). Null when there is nothing to link (nothing released, or no true values evaluated).
    /// </summary>
    public GrainLink? For(string quantityKey, QuantityFamily family, int k, bool personBased, OrgStructure structure, string grain, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var other = grain == Grains.Month ? Grains.Week : Grains.Month;
        if (family == QuantityFamily.Other || !_values.ContainsKey(other) || !_released.TryGetValue(quantityKey, out var released) || !released.Any(r => r.Grain == other))
        {
            return null;
        }

        var cells = _cells.Where(c => c.Key.Quantity == quantityKey)
            .ToDictionary(c => (c.Key.Grain, c.Key.Unit, c.Key.Dimension, c.Key.Value), c => c.Value);
        return new GrainLink(family, k, personBased, structure, grain, start, released, cells, g => _values.GetValueOrDefault(g),
            (g, period, team) => _sharedPeople.GetValueOrDefault((g, period))?.Contains(team) == true, quantityKey,
            key => grain == Grains.Month ? MonthBounds(quantityKey, family, key) : WeekBounds(quantityKey, family, key));
    }

    /// <summary>The periods of a grain released for any of the quantities.</summary>
    public List<DateOnly> Released(string grain, IEnumerable<string> quantityKeys) =>
        [.. quantityKeys.SelectMany(q => _released.GetValueOrDefault(q) ?? []).Where(r => r.Grain == grain).Select(r => r.Start).Distinct().Order()];

    /// <summary>Adds a released cell of a base metric (its served value turned back into the quantity).</summary>
    public void Add(MetricDefinition definition, string grain, DateOnly start, int unit, string? dimension, string? dimensionValue, double? value, int people, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Source is null || QuantityFamilies.Of(definition.Aggregation) == QuantityFamily.Other)
        {
            return;
        }

        double? quantity = value is not { } v ? null
            : definition.Aggregation == Aggregations.ShareOfPeople || definition.PerEngineer ? Math.Round(v * people, 3) : v;
        var key = (Quantity.KeyOf(definition), grain, unit, dimension, dimensionValue);
        if (!_released.TryGetValue(key.Item1, out var released))
        {
            _released[key.Item1] = released = [];
        }

        released.Add((grain, start));
        if (!_cells.TryGetValue(key, out var cells))
        {
            _cells[key] = cells = [];
        }

        // Several metrics share a quantity: a cell is known when any of them served it.
        var index = cells.FindIndex(c => c.Start == start);
        if (index < 0)
        {
            cells.Add(new ReleasedCell(start, quantity, people, quantity is null ? reason : null));
        }
        else if (cells[index].Quantity is null && quantity is not null)
        {
            cells[index] = cells[index] with { Quantity = quantity, Reason = null };
        }
    }

    private List<ReleasedCell>? Cells(string quantityKey, string grain, CellKey cell) =>
        _cells.GetValueOrDefault((quantityKey, grain, cell.Group, cell.Dimension, cell.DimensionValue));

    /// <summary>The least and largest value the released weeks allow a month cell; null when they say nothing.</summary>
    public (double Lower, double Upper)? MonthBounds(string quantityKey, QuantityFamily family, CellKey month)
    {
        if (Cells(quantityKey, Grains.Week, month) is not { } weeks)
        {
            return null;
        }

        double lower = 0, upper = 0;
        foreach (var week in PeriodRange.WeeksOverlapping(month.Period))
        {
            var cell = weeks.Find(c => c.Start == week);
            if (PeriodRange.WeekInside(week, month.Period) && cell?.Quantity is { } k)
            {
                lower = family == QuantityFamily.Magnitude ? lower + k : Math.Max(lower, k);
            }

            upper += Upper(family, cell);
        }

        return lower > 0 || !double.IsPositiveInfinity(upper) ? (lower, upper) : null;
    }

    /// <summary>
    /// The least and largest value the released months overlapping a week (with their other weeks) allow a week cell:
    /// at most a served month it lies inside (events: less the other weeks inside it), at least a served month less
    /// every other week overlapping it. Null when they say nothing.
    /// </summary>
    public (double Lower, double Upper)? WeekBounds(string quantityKey, QuantityFamily family, CellKey week)
    {
        if (Cells(quantityKey, Grains.Month, week) is not { } months)
        {
            return null;
        }

        var weeks = Cells(quantityKey, Grains.Week, week) ?? [];
        double lower = 0, upper = double.PositiveInfinity;
        foreach (var month in new[] { PeriodRange.StartOf(Grains.Month, week.Period), PeriodRange.StartOf(Grains.Month, week.Period.AddDays(6)) }.Distinct())
        {
            if (months.Find(c => c.Start == month)?.Quantity is not { } served)
            {
                continue;
            }

            var others = PeriodRange.WeeksOverlapping(month).Where(w => w != week.Period).Select(w => (Week: w, Cell: weeks.Find(c => c.Start == w))).ToList();
            lower = Math.Max(lower, served - others.Sum(o => Upper(family, o.Cell)));
            if (PeriodRange.WeekInside(week.Period, month))
            {
                upper = Math.Min(upper, family == QuantityFamily.Magnitude
                    ? served - others.Where(o => PeriodRange.WeekInside(o.Week, month)).Sum(o => o.Cell?.Quantity ?? 0)
                    : served);
            }
        }

        return lower > 0 || !double.IsPositiveInfinity(upper) ? (lower, upper) : null;
    }

    /// <summary>
    /// Whether serving a month's value would narrow a hidden week inside it below its protection: the
    /// week is at most the month (people, days) or the month less the other weeks inside it (events),
    /// and at least the month less every other overlapping week. Weeks are released first and never
    /// change, so the month is hidden instead (and then protected like any hidden cell).
    /// </summary>
    public bool PinsAHiddenWeek(string quantityKey, QuantityFamily family, CellKey month, double value, int protectionPercent)
    {
        if (family == QuantityFamily.Other || Cells(quantityKey, Grains.Week, month) is not { } weeks)
        {
            return false;
        }

        var overlapping = PeriodRange.WeeksOverlapping(month.Period);
        var cells = overlapping.ToDictionary(w => w, w => weeks.Find(c => c.Start == w));
        var truth = _values.GetValueOrDefault(Grains.Week);
        foreach (var week in overlapping.Where(w => PeriodRange.WeekInside(w, month.Period)))
        {
            if (cells[week] is not { Quantity: null } hidden)
            {
                continue;
            }

            var others = overlapping.Where(w => w != week).ToList();
            var lower = Math.Max(0, value - others.Sum(w => Upper(family, cells[w])));
            var upper = family == QuantityFamily.Magnitude
                ? value - others.Where(w => PeriodRange.WeekInside(w, month.Period)).Sum(w => cells[w]?.Quantity ?? 0)
                : Math.Min(value, family == QuantityFamily.Days ? 7 : hidden.People);
            // The hidden week's true value (0 where nothing happened); without it, be safe and assume the
            // month's own value, the largest it can be for people and days.
            var real = truth is null ? Math.Min(value, upper)
                : truth.Metrics.GetValueOrDefault(quantityKey)?.GetValueOrDefault(new CellKey(month.Group, week, month.Dimension, month.DimensionValue))?.A ?? 0;
            var level = Math.Max(protectionPercent / 100.0 * Math.Abs(real), 1);
            var ceiling = family == QuantityFamily.Magnitude ? double.PositiveInfinity : family == QuantityFamily.Days ? 7 : hidden.People;
            var needLow = Math.Max(0, real - level);
            var needHigh = Math.Min(ceiling, real + level);
            if (lower > needLow + 1e-6 || upper < needHigh - 1e-6)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most a released week can hold: its value when served, else its headcount (people), 7 (days) or no bound (events, or not released).</summary>
    private static double Upper(QuantityFamily family, ReleasedCell? cell) => cell?.Quantity ?? (family == QuantityFamily.Magnitude || cell is null ? double.PositiveInfinity
        : family == QuantityFamily.Days ? 7 : cell.People);
}
