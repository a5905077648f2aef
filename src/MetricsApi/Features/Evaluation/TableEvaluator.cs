using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;

namespace MetricsApi.Features.Evaluation;

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
    private readonly Dictionary<string, MetricTable> _quantities = new(StringComparer.Ordinal);
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
            Aggregations.Ratio => Complementary(Ratio(definition, k), Dimensions(version)),
            Aggregations.ShareOfTeams => Complementary(ShareOfTeams(definition, k), []),
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
        if (_quantities.TryGetValue(quantity.Key, out var table))
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

        var cells = TotalKeys().Concat(raw.Keys.Where(c => c.Dimension is not null)).Distinct().ToDictionary(c => c, Make);
        table = Complementary(new MetricTable(cells, Make), quantity.Dimensions);
        _quantities[quantity.Key] = table;
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
    /// Complementary suppression (invariant 4): in every additive set — a unit with its direct children,
    /// and a cell's total with its values of one dimension — the number of hidden non-empty members is
    /// never exactly one. When it is, the visible child with the fewest people is hidden too (ties by
    /// tree order, then dimension value), or the parent when no child is left; repeated until stable.
    /// Decided on the whole tree, so every way of asking sees the same cells hidden.
    /// </summary>
    private MetricTable Complementary(MetricTable table, IReadOnlyList<string> dimensions)
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

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (parentKey, childKeys) in sets)
            {
                var parent = table.Find(parentKey);
                var children = childKeys.Select(table.Find).OfType<Cell>().Where(c => !c.Empty).ToList();
                var hidden = children.Count(c => c.Suppressed) + (parent is { Empty: false, Suppressed: true } ? 1 : 0);
                if (hidden != 1)
                {
                    continue;
                }

                var candidate = children.Where(c => !c.Suppressed).MinBy(c => (c.People, Order(c)))
                    ?? (parent is { Empty: false, Suppressed: false } ? parent : null);
                if (candidate is not null)
                {
                    candidate.Suppress(SuppressionReasons.Complementary);
                    changed = true;
                }
            }
        }

        return table;
    }

    private string Order(Cell cell) => data.Units[cell.Key.Group].Path + "|" + cell.Key.DimensionValue;
}
