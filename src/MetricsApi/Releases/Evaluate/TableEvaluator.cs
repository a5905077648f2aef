using MetricsApi.Features.Catalogue;
using MetricsApi.Releases.Disclosure;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// Turns the raw aggregates of one round trip into metric tables with disclosure control applied:
/// quantities (what base metrics count) from their events, each metric from its quantity, ratios and
/// shares of teams from their (already suppressed) inputs. For every table the stages run in order:
/// <see cref="PrimarySuppression"/>, what <see cref="EarlierReleases"/> of the period published, then
/// <see cref="SecondarySuppression"/> with its <see cref="LinearAudit"/>, over the whole tree. Pure: no
/// database, no clock.
/// </summary>
/// <param name="structure">The org tree of the period(s).</param>
/// <param name="data">What the database returned, per quantity key.</param>
/// <param name="range">The periods.</param>
/// <param name="versions">The version of every metric involved, by key.</param>
/// <param name="quantities">The quantity of every base metric involved, by quantity key.</param>
/// <param name="minGroupSize">The effective k of a metric under the current policy.</param>
/// <param name="earlier">What earlier releases of the same period published (none for a first release).</param>
/// <param name="rules">The policy's dominance and protection parameters (the defaults when not given).</param>
/// <param name="otherGrains">What released periods of the other grain tell about these cells (a month's weeks; a week's released months and their weeks).</param>
public sealed class TableEvaluator(
    OrgStructure structure,
    RawData data,
    PeriodRange range,
    IReadOnlyDictionary<string, MetricVersion> versions,
    IReadOnlyDictionary<string, Quantity> quantities,
    Func<string, int> minGroupSize,
    EarlierReleases? earlier = null,
    DisclosureRules? rules = null,
    OtherGrains? otherGrains = null)
{
    private readonly DisclosureRules _rules = rules ?? DisclosureRules.Default;

    private readonly Dictionary<string, MetricTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricTable> _quantities = new(StringComparer.Ordinal);
    private readonly SecondarySuppression _secondary = new(structure, range);
    private readonly EarlierReleases _earlier = earlier ?? EarlierReleases.None;

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
            Aggregations.Ratio => Protect(EarlierReleases.DerivedPattern(key), Ratio(definition, k), Dimensions(version), k),
            Aggregations.ShareOfTeams => Protect(EarlierReleases.DerivedPattern(key), ShareOfTeams(definition, k), [], k),
            _ => Base(definition),
        };
        _tables[key] = table;
        return table;
    }

    public static IReadOnlyList<string> Dimensions(MetricVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Dimensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Earlier releases, then secondary suppression with its audits.</summary>
    private MetricTable Protect(string pattern, MetricTable table, IReadOnlyList<string> dimensions, int k, IntervalAudit? interval = null)
    {
        _earlier.CarryForward(pattern, table);
        _secondary.Protect(table, dimensions, k, interval);
        _short.AddRange(table.ShortOfProtection.Select(c => (pattern, c)));
        return table;
    }

    private readonly List<(string Pattern, CellKey Cell)> _short = [];

    /// <summary>Hidden cells of the tables evaluated so far that stay narrower than their protection (see <see cref="MetricTable.ShortOfProtection"/>), by suppression pattern.</summary>
    public IReadOnlyList<(string Pattern, CellKey Cell)> ShortOfProtection => _short;

    private int Headcount(int group, DateOnly period) => data.Headcounts.GetValueOrDefault((group, period));

    private IEnumerable<CellKey> TotalKeys() =>
        from unit in structure.Units.Keys
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

            if (source.Fixed)
            {
                cell.MarkFixed();
            }

            return cell;
        }

        return new MetricTable(quantity.Cells.Keys.ToDictionary(c => c, Make), Make);
    }

    /// <summary>The suppression pattern of a quantity: primary at its k, earlier releases, then secondary over all its dimensions.</summary>
    private MetricTable QuantityTable(Quantity quantity)
    {
        if (_quantities.TryGetValue(quantity.Key, out var table))
        {
            return table;
        }

        var raw = data.Metrics.GetValueOrDefault(quantity.Key) ?? [];
        var grains = otherGrains ?? OtherGrains.None;
        var k = quantity.MinGroupSize;
        var personBased = EvaluationSql.IsPersonBased(quantity.Definition.Source!);
        var family = QuantityFamilies.Of(quantity.Definition.Aggregation);

        Cell Make(CellKey cellKey)
        {
            var aggregate = raw.GetValueOrDefault(cellKey);
            var people = Headcount(cellKey.Group, cellKey.Period);
            var cell = new Cell { Key = cellKey, People = people, Empty = aggregate is null, Contributors = personBased ? aggregate?.Contributors ?? 0 : 0 };
            if (PrimarySuppression.Reason(family, personBased, people, aggregate, k, _rules) is { } reason)
            {
                cell.Suppress(reason);
            }
            else if (range.Grain == Grains.Month && grains.PinsAHiddenWeek(quantity.Key, family, cellKey, aggregate?.A ?? 0, _rules.ProtectionPercent))
            {
                cell.SuppressAsCover();
            }

            return cell;
        }

        // Every unit gets a cell for every dimension value seen in the period, so that whether a small group's
        // cell exists (and is counted as hidden) never depends on what that group did.
        var seen = raw.Keys.Where(c => c.Dimension is not null).Select(c => (c.Period, c.Dimension, c.DimensionValue)).Distinct().ToList();
        var grid = from value in seen from unit in structure.Units.Keys select new CellKey(unit, value.Period, value.Dimension, value.DimensionValue);
        var cells = TotalKeys().Concat(grid).Distinct().ToDictionary(c => c, Make);
        var interval = new IntervalAudit(family, key => raw.GetValueOrDefault(key)?.A ?? 0, _rules, range.Grain, personBased,
            range.Periods.Count == 1 ? grains.For(quantity.Key, family, k, personBased, structure, range.Grain, range.Periods[0].Start) : null,
            unit => structure.TeamsBelow(unit).Any(data.TeamsWithSharedPeople.Contains));
        table = Protect(quantity.Key, new MetricTable(cells, Make), quantity.Dimensions, k, interval);
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
            if (PrimarySuppression.Inherited(people, k, n, d) is { } reason)
            {
                cell.Suppress(reason);
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
        Cell Make(CellKey key)
        {
            var people = Headcount(key.Group, key.Period);
            var eligible = structure.TeamsBelow(key.Group)
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
            if (PrimarySuppression.Inherited(people, k) is { } reason)
            {
                cell.Suppress(reason);
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
}
