using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// What the released weeks of a month tell about the month's cells, per quantity: a month's distinct
/// people (or days) are at least those of any week inside it and at most the sum of the weeks that
/// overlap it; a month's events are at least the sum of the weeks inside it. An attacker holds both
/// grains, so the month's audit takes these bounds as the bounds of its cells, and the weeks themselves,
/// with their relations and the relations between the grains, into its model (<see cref="For"/>, a
/// <see cref="GrainLink"/>). Weeks not released yet, or hidden, bound the sum by their headcount
/// (people, days) or not at all (events).
/// </summary>
public sealed class OtherGrains
{
    private readonly Dictionary<(string Quantity, int Unit, string? Dimension, string? Value), List<WeekCell>> _weeks = [];

    /// <summary>The weeks each quantity has a release for (a cell missing from one is a tool nobody used that week).</summary>
    private readonly Dictionary<string, HashSet<DateOnly>> _released = new(StringComparer.Ordinal);

    private RawData? _weekValues;

    private IReadOnlyDictionary<DateOnly, IReadOnlySet<int>> _sharedPeople = new Dictionary<DateOnly, IReadOnlySet<int>>();

    public static OtherGrains None { get; } = new();

    /// <summary>
    /// The true values and headcounts of the weeks overlapping the month (evaluated with the month), for <see cref="PinsAHiddenWeek"/>
    /// and the joint model, with the teams that shared a person (someone moved) in each week.
    /// </summary>
    public void UseWeekValues(RawData weeks, IReadOnlyDictionary<DateOnly, IReadOnlySet<int>>? sharedPeople = null)
    {
        _weekValues = weeks;
        _sharedPeople = sharedPeople ?? new Dictionary<DateOnly, IReadOnlySet<int>>();
    }

    /// <summary>One released week's cell of a quantity, as an attacker reads it.</summary>
    /// <param name="Week">Monday of the week.</param>
    /// <param name="Quantity">The quantity's value when served (a share times the headcount for shares), else null.</param>
    /// <param name="People">The group's headcount in the week.</param>
    /// <param name="Reason">Why it is hidden (null when served).</param>
    public sealed record WeekCell(DateOnly Week, double? Quantity, int People, string? Reason = null);

    /// <summary>
    /// The released weeks of one quantity as an attacker holds them beside its month table: bounds on the month's cells
    /// and the weeks' own cells and relations (<see cref="GrainLink"/>). Null when there is nothing to link (no week
    /// released, or the weeks' true values were not evaluated).
    /// </summary>
    public GrainLink? For(string quantityKey, QuantityFamily family, int k, bool personBased, OrgStructure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        if (family == QuantityFamily.Other || _weekValues is null || !_released.TryGetValue(quantityKey, out var released))
        {
            return null;
        }

        var weeks = _weeks.Where(w => w.Key.Quantity == quantityKey)
            .ToDictionary(w => (w.Key.Unit, w.Key.Dimension, w.Key.Value), w => w.Value);
        return new GrainLink(family, k, personBased, structure, released, weeks, _weekValues, (week, team) => _sharedPeople.GetValueOrDefault(week)?.Contains(team) == true,
            quantityKey, key => MonthBounds(quantityKey, family, key));
    }

    /// <summary>Adds a released week's cell of a base metric (its served value turned back into the quantity).</summary>
    public void Add(MetricDefinition definition, DateOnly week, int unit, string? dimension, string? dimensionValue, double? value, int people, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Source is null || QuantityFamilies.Of(definition.Aggregation) == QuantityFamily.Other)
        {
            return;
        }

        double? quantity = value is not { } v ? null
            : definition.Aggregation == Aggregations.ShareOfPeople || definition.PerEngineer ? Math.Round(v * people, 3) : v;
        var key = (Quantity.KeyOf(definition), unit, dimension, dimensionValue);
        if (!_released.TryGetValue(key.Item1, out var released))
        {
            _released[key.Item1] = released = [];
        }

        released.Add(week);
        if (!_weeks.TryGetValue(key, out var cells))
        {
            _weeks[key] = cells = [];
        }

        // Several metrics share a quantity: a week is known when any of them served it.
        var index = cells.FindIndex(c => c.Week == week);
        if (index < 0)
        {
            cells.Add(new WeekCell(week, quantity, people, quantity is null ? reason : null));
        }
        else if (cells[index].Quantity is null && quantity is not null)
        {
            cells[index] = cells[index] with { Quantity = quantity, Reason = null };
        }
    }

    /// <summary>The least and largest value the released weeks allow a month cell; null when they say nothing.</summary>
    public (double Lower, double Upper)? MonthBounds(string quantityKey, QuantityFamily family, CellKey month)
    {
        if (!_weeks.TryGetValue((quantityKey, month.Group, month.Dimension, month.DimensionValue), out var weeks))
        {
            return null;
        }

        double lower = 0, upper = 0;
        foreach (var week in PeriodRange.WeeksOverlapping(month.Period))
        {
            var cell = weeks.Find(c => c.Week == week);
            if (PeriodRange.WeekInside(week, month.Period) && cell?.Quantity is { } k)
            {
                lower = family == QuantityFamily.Magnitude ? lower + k : Math.Max(lower, k);
            }

            upper += Upper(family, cell);
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
        if (family == QuantityFamily.Other || !_weeks.TryGetValue((quantityKey, month.Group, month.Dimension, month.DimensionValue), out var weeks))
        {
            return false;
        }

        var overlapping = PeriodRange.WeeksOverlapping(month.Period);
        var cells = overlapping.ToDictionary(w => w, w => weeks.Find(c => c.Week == w));
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
            var truth = _weekValues is null ? Math.Min(value, upper)
                : _weekValues.Metrics.GetValueOrDefault(quantityKey)?.GetValueOrDefault(new CellKey(month.Group, week, month.Dimension, month.DimensionValue))?.A ?? 0;
            var level = Math.Max(protectionPercent / 100.0 * Math.Abs(truth), 1);
            var ceiling = family == QuantityFamily.Magnitude ? double.PositiveInfinity : family == QuantityFamily.Days ? 7 : hidden.People;
            var needLow = Math.Max(0, truth - level);
            var needHigh = Math.Min(ceiling, truth + level);
            if (lower > needLow + 1e-6 || upper < needHigh - 1e-6)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most a released week can hold: its value when served, else its headcount (people), 7 (days) or no bound (events, or not released).</summary>
    private static double Upper(QuantityFamily family, WeekCell? cell) => cell?.Quantity ?? (family == QuantityFamily.Magnitude || cell is null ? double.PositiveInfinity
        : family == QuantityFamily.Days ? 7 : cell.People);
}
