using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// Turns the raw aggregates of one round trip into suppressed metric tables: quantities (what base
/// metrics count) from their events, each metric from its quantity, ratios and shares of teams from
/// their (already suppressed) inputs, with complementary suppression over the whole tree. Pure: no
/// database, no clock.
/// </summary>
/// <param name="data">What the database returned, per quantity key.</param>
/// <param name="range">The periods.</param>
/// <param name="versions">The version of every metric involved, by key.</param>
/// <param name="quantities">The quantity of every base metric involved, by quantity key.</param>
/// <param name="minGroupSize">The effective k of a metric under the current policy.</param>
public sealed class TableEvaluator(
    RawData data,
    PeriodRange range,
    IReadOnlyDictionary<string, MetricVersion> versions,
    IReadOnlyDictionary<string, Quantity> quantities,
    Func<string, int> minGroupSize)
{
    private readonly Dictionary<string, MetricTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, int K), MetricTable> _quantities = [];
    private Dictionary<int, List<OrgNode>>? _children;
    private Dictionary<int, List<int>>? _teamsBelow;

    private Dictionary<int, List<OrgNode>> Children => _children ??= data.Units.Values
        .Where(u => u.ParentId is not null)
        .GroupBy(u => u.ParentId!.Value)
        .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Path, StringComparer.Ordinal).ToList());

    /// <summary>The k a metric's values were suppressed with: its quantity's for base metrics.</summary>
    public int MinGroupSize(string key)
    {
        var definition = MetricDefinition.FromJson(versions[key].Definition);
        return definition.Source is null ? minGroupSize(key) : Math.Max(minGroupSize(key), quantities[Quantity.KeyOf(definition)].MinGroupSize);
    }

    /// <summary>
    /// The metric's table. Every metric is evaluated the same way whoever asks and through whichever
    /// metric (standalone, as a guardrail, as a ratio's input), and base metrics take their quantity's
    /// pattern: one suppression pattern per quantity, so values read in different shapes never combine
    /// into a hidden one.
    /// </summary>
    public MetricTable Evaluate(string key)
    {
        if (_tables.TryGetValue(key, out var table))
        {
            return table;
        }

        var k = minGroupSize(key);
        var version = versions[key];
        var definition = MetricDefinition.FromJson(version.Definition);
        table = definition.Aggregation switch
        {
            Aggregations.Ratio => Complementary(Ratio(definition, k), Dimensions(version), k),
            Aggregations.ShareOfTeams => Complementary(ShareOfTeams(definition, k), [], k),
            _ => Base(definition),
        };
        _tables[key] = table;
        return table;
    }

    public static IReadOnlyList<string> Dimensions(MetricVersion version) =>
        version.Dimensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private int Headcount(int group, DateOnly period) => data.Headcounts.GetValueOrDefault((group, period));

    private IEnumerable<CellKey> TotalKeys() =>
        from unit in data.Units.Keys
        from period in range.Periods
        select new CellKey(unit, period.Start, null, null);

    /// <summary>A base metric: its quantity's cells, with the metric's own value and the quantity's suppression.</summary>
    private MetricTable Base(MetricDefinition definition)
    {
        var quantity = QuantityTable(quantities[Quantity.KeyOf(definition)]);
        var raw = data.Metrics.GetValueOrDefault(Quantity.KeyOf(definition)) ?? [];

        Cell Make(CellKey cellKey)
        {
            var source = quantity.Get(cellKey);
            var cell = new Cell { Key = cellKey, Value = Value(definition, raw.GetValueOrDefault(cellKey), source.People), People = source.People, Empty = source.Empty };
            if (source.Reason is { } reason)
            {
                cell.Suppress(reason);
            }

            return cell;
        }

        return new MetricTable(quantity.Cells.Keys.ToDictionary(c => c, Make), Make);
    }

    /// <summary>The suppression pattern of a quantity: primary at its k, then complementary over all its dimensions.</summary>
    private MetricTable QuantityTable(Quantity quantity)
    {
        if (_quantities.TryGetValue((quantity.Key, quantity.MinGroupSize), out var table))
        {
            return table;
        }

        var raw = data.Metrics.GetValueOrDefault(quantity.Key) ?? [];
        var k = quantity.MinGroupSize;

        // Values from people's events also need 0 or at least k contributors: a token total of two people
        // is nearly each one's own, and "one licence holder in the team" next to "no user of the tool"
        // says what that one person did.
        var contributorsCount = EvaluationSql.IsPersonBased(quantity.Definition.Source!);

        Cell Make(CellKey cellKey)
        {
            var aggregate = raw.GetValueOrDefault(cellKey);
            var people = Headcount(cellKey.Group, cellKey.Period);
            var cell = new Cell { Key = cellKey, People = people, Empty = aggregate is null };
            if (people < k || (contributorsCount && aggregate is { Contributors: > 0 } && aggregate.Contributors < k))
            {
                cell.Suppress(SuppressionReasons.BelowMinGroupSize);
            }

            return cell;
        }

        // Every unit gets a cell for every dimension value seen in the period, so that whether a small group's
        // cell exists (and is counted as hidden) never depends on what that group did.
        var seen = raw.Keys.Where(c => c.Dimension is not null).Select(c => (c.Period, c.Dimension, c.DimensionValue)).Distinct().ToList();
        var grid = from value in seen from unit in data.Units.Keys select new CellKey(unit, value.Period, value.Dimension, value.DimensionValue);
        var cells = TotalKeys().Concat(grid).Distinct().ToDictionary(c => c, Make);
        table = new MetricTable(cells, Make);

        // What an earlier policy (a smaller k) hid stays hidden: otherwise its reads and today's combine.
        foreach (var earlier in quantity.EarlierMinGroupSizes)
        {
            // The pattern served then, itself carrying what came before it.
            var before = QuantityTable(quantity with { MinGroupSize = earlier, EarlierMinGroupSizes = [.. quantity.EarlierMinGroupSizes.Where(e => e < earlier)] });
            foreach (var hidden in before.Cells.Values.Where(c => c.Suppressed))
            {
                table.Find(hidden.Key)?.Suppress(SuppressionReasons.Complementary);
            }
        }

        table = Complementary(table, quantity.Dimensions, k);
        _quantities[(quantity.Key, quantity.MinGroupSize)] = table;
        return table;
    }

    private static double? Value(MetricDefinition definition, RawAggregate? aggregate, int people)
    {
        double? value = definition.Aggregation switch
        {
            Aggregations.Count or Aggregations.Sum or Aggregations.DistinctPeople or Aggregations.DistinctDays => aggregate?.A ?? 0,
            Aggregations.ShareOfPeople => people > 0 ? (aggregate?.A ?? 0) / people : null,
            Aggregations.Nps => aggregate is { Events: > 0 } ? ((aggregate.A ?? 0) - (aggregate.B ?? 0)) * 100.0 / aggregate.Events : null,
            Aggregations.Median => Percentile(aggregate, 50),
            Aggregations.P90 => Percentile(aggregate, 90),
            _ => throw new InvalidOperationException($"{definition.Aggregation} is not a base aggregation."),
        };
        if (definition.PerEngineer)
        {
            value = people > 0 ? value / people : null;
        }

        return value;
    }

    /// <summary>Linear interpolation between the two closest ranks, as <c>percentile_cont</c>.</summary>
    private static double? Percentile(RawAggregate? aggregate, int percent)
    {
        if (aggregate is not { Events: > 0, A: { } low })
        {
            return null;
        }

        var fraction = ((aggregate.Events - 1) * percent % 100) / 100.0;
        return low + (fraction * ((aggregate.B ?? low) - low));
    }

    private MetricTable Ratio(MetricDefinition definition, int k)
    {
        var numerator = Evaluate(definition.Numerator!);
        var denominator = Evaluate(definition.Denominator!);

        Cell Make(CellKey key)
        {
            var n = numerator.Get(key);
            var d = denominator.Get(key);
            var people = Headcount(key.Group, key.Period);
            var cell = new Cell
            {
                Key = key,
                Value = n.Value is { } top && d.Value is { } bottom && bottom != 0 ? top / bottom : null,
                People = people,
                Empty = n.Empty && d.Empty,
            };
            if (people < k || n.Reason == SuppressionReasons.BelowMinGroupSize || d.Reason == SuppressionReasons.BelowMinGroupSize)
            {
                cell.Suppress(SuppressionReasons.BelowMinGroupSize);
            }
            else if (n.Suppressed || d.Suppressed)
            {
                cell.Suppress(SuppressionReasons.Complementary);
            }

            return cell;
        }

        var keys = TotalKeys()
            .Concat(numerator.Cells.Keys.Where(c => c.Dimension is not null))
            .Concat(denominator.Cells.Keys.Where(c => c.Dimension is not null))
            .Distinct().ToList();
        return new MetricTable(keys.ToDictionary(c => c, Make), Make);
    }

    private MetricTable ShareOfTeams(MetricDefinition definition, int k)
    {
        var input = Evaluate(definition.Metric!);
        _teamsBelow ??= data.Units.Values.ToDictionary(u => u.Id, u => data.Units.Values
            .Where(t => t.Kind == OrgUnitKinds.Team && t.Path.StartsWith(u.Path, StringComparison.Ordinal)).Select(t => t.Id).ToList());

        Cell Make(CellKey key)
        {
            var people = Headcount(key.Group, key.Period);
            var eligible = _teamsBelow.GetValueOrDefault(key.Group, [])
                .Select(t => input.Get(new CellKey(t, key.Period, null, null)))
                .Where(c => !c.Suppressed && c.Value is not null)
                .ToList();
            var meeting = eligible.Count(c => Meets(c.Value!.Value, definition.Comparison, definition.Threshold!.Value));
            var cell = new Cell
            {
                Key = key,
                Value = eligible.Count > 0 ? (double)meeting / eligible.Count : null,
                People = people,
                Empty = eligible.Count == 0,
            };
            if (people < k)
            {
                cell.Suppress(SuppressionReasons.BelowMinGroupSize);
            }

            return cell;
        }

        return new MetricTable(TotalKeys().ToDictionary(c => c, Make), Make);
    }

    private static bool Meets(double value, string? comparison, double threshold) => comparison switch
    {
        "GT" => value > threshold,
        "LTE" => value <= threshold,
        "LT" => value < threshold,
        _ => value >= threshold,
    };

    /// <summary>
    /// Complementary suppression (invariant 4), decided on the whole tree so every way of asking sees
    /// the same cells hidden. The additive sets are a unit with its direct children, and a cell's total
    /// with its values of one dimension. A cell with no events in a group of at least k people is known
    /// (other metrics show nobody did anything): it neither counts as hidden nor covers. A hidden cell of
    /// a smaller group counts as hidden whether or not it has events, so the pattern never depends on what
    /// a small group did. First the cheap rule (no set with exactly one hidden member), then an exact audit:
    /// all sets of a period as linear equations over the hidden cells; any hidden cell they determine gets
    /// a cover, until none is determined.
    /// </summary>
    private MetricTable Complementary(MetricTable table, IReadOnlyList<string> dimensions, int k)
    {
        var sets = new List<(CellKey Parent, List<CellKey> Children)>();
        var layers = new List<(string? Dimension, string? Value)> { (null, null) };
        foreach (var dimension in dimensions)
        {
            layers.AddRange(table.DimensionValues(dimension).Select(v => ((string?)dimension, (string?)v)));
        }

        foreach (var (parent, children) in Children)
        {
            foreach (var period in range.Periods)
            {
                foreach (var (dimension, value) in layers)
                {
                    sets.Add((new CellKey(parent, period.Start, dimension, value), children.Select(c => new CellKey(c.Id, period.Start, dimension, value)).ToList()));
                }
            }
        }

        if (dimensions.Count > 0)
        {
            var byTotal = table.Cells.Keys.Where(c => c.Dimension is not null).GroupBy(c => (c.Total, c.Dimension));
            sets.AddRange(byTotal.Select(g => (g.Key.Total, g.OrderBy(c => c.DimensionValue, StringComparer.Ordinal).ToList())));
        }

        bool Known(Cell c) => c.Empty && c.People >= k;
        bool Hidden(Cell c) => c.Suppressed && !Known(c);
        bool Cover(Cell c) => !c.Suppressed && !c.Empty;

        Cell? CoverIn(List<CellKey> childKeys, Cell? parent) =>
            childKeys.Select(table.Find).OfType<Cell>().Where(Cover).MinBy(c => (c.People, Order(c)))
            ?? (parent is not null && Cover(parent) ? parent : null);

        var byPeriod = sets.GroupBy(s => s.Parent.Period).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (parentKey, childKeys) in sets)
            {
                var parent = table.Find(parentKey);
                var hidden = childKeys.Select(table.Find).OfType<Cell>().Count(Hidden) + (parent is not null && Hidden(parent) ? 1 : 0);
                if (hidden == 1 && CoverIn(childKeys, parent) is { } candidate)
                {
                    candidate.Suppress(SuppressionReasons.Complementary);
                    changed = true;
                }
            }

            if (changed)
            {
                continue;
            }

            foreach (var period in byPeriod)
            {
                foreach (var determined in Determined(table, period.ToList(), Hidden))
                {
                    // Cover it in one of its sets: the fewest people first.
                    var cover = period.Where(s => s.Parent == determined || s.Children.Contains(determined))
                        .Select(s => CoverIn(s.Children, table.Find(s.Parent))).OfType<Cell>()
                        .MinBy(c => (c.People, Order(c)));
                    if (cover is not null)
                    {
                        cover.Suppress(SuppressionReasons.Complementary);
                        changed = true;
                    }
                }
            }
        }

        return table;
    }

    /// <summary>
    /// Hidden cells the sets of one period determine: each set is an equation parent − Σ children = 0
    /// whose visible members are constants. Gauss–Jordan elimination over the hidden cells (sparse rows);
    /// a cell is determined when a reduced row holds it alone.
    /// </summary>
    private static List<CellKey> Determined(MetricTable table, List<(CellKey Parent, List<CellKey> Children)> sets, Func<Cell, bool> hidden)
    {
        var index = new Dictionary<CellKey, int>();
        var keys = new List<CellKey>();
        int Var(CellKey key)
        {
            if (!index.TryGetValue(key, out var i))
            {
                index[key] = i = keys.Count;
                keys.Add(key);
            }

            return i;
        }

        var pivots = new Dictionary<int, Dictionary<int, double>>();
        foreach (var (parentKey, childKeys) in sets)
        {
            var row = new Dictionary<int, double>();
            if (table.Find(parentKey) is { } parent && hidden(parent))
            {
                row[Var(parentKey)] = 1;
            }

            foreach (var child in childKeys)
            {
                if (table.Find(child) is { } cell && hidden(cell))
                {
                    row[Var(child)] = row.GetValueOrDefault(Var(child)) - 1;
                }
            }

            if (row.Count == 0)
            {
                continue;
            }

            // Reduce by the existing pivots, then make the rest a new pivot and clear it from the others.
            foreach (var column in row.Keys.Where(pivots.ContainsKey).ToList())
            {
                if (row.TryGetValue(column, out var factor))
                {
                    AddScaled(row, pivots[column], -factor);
                }
            }

            if (row.Count == 0)
            {
                continue;
            }

            var pivot = row.Keys.Min();
            var scale = row[pivot];
            foreach (var column in row.Keys.ToList())
            {
                row[column] /= scale;
            }

            foreach (var other in pivots.Values)
            {
                if (other.TryGetValue(pivot, out var factor))
                {
                    AddScaled(other, row, -factor);
                }
            }

            pivots[pivot] = row;
        }

        return pivots.Where(p => p.Value.Count == 1).Select(p => keys[p.Key]).ToList();
    }

    private static void AddScaled(Dictionary<int, double> target, Dictionary<int, double> source, double factor)
    {
        foreach (var (column, value) in source)
        {
            var sum = target.GetValueOrDefault(column) + (factor * value);
            if (Math.Abs(sum) < 1e-9)
            {
                target.Remove(column);
            }
            else
            {
                target[column] = sum;
            }
        }
    }

    private string Order(Cell cell) => data.Units[cell.Key.Group].Path + "|" + cell.Key.DimensionValue;
}
