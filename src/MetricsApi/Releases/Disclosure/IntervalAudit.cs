using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The third stage of secondary suppression: the attacker's interval audit. After the cheap rule and
/// the exact linear audit, every hidden cell of a quantity must keep an interval an attacker can derive
/// (from every served value, the tree and split relations, non-negativity, headcounts, days in the period;
/// see <see cref="AttackerAudit"/>) that reaches its protection level below and above it: the policy's
/// protection percent of its value, at least one unit, within what its own bounds allow. A cell that
/// does not gets a cover, the cheapest first (fewest people, smallest value). Covers of deployments need
/// no interval of their own (they are hidden for a small team's sake); covers of people's events do.
/// </summary>
/// <param name="family">How the quantity's values relate.</param>
/// <param name="truth">The true value of a cell (0 where nothing happened).</param>
/// <param name="rules">The protection percent.</param>
/// <param name="grain">The periods' length (days bound distinct days).</param>
/// <param name="personBased">Whether the quantity counts people's events (its covers need protection too).</param>
/// <param name="otherGrain">The released periods of the other grain beside the table, as an attacker combines them: bounds on its
/// cells, and their own cells and relations in the model (<see cref="GrainLink"/>).</param>
/// <param name="sharedPeopleBelow">Whether a unit has teams below it that share a person in the period (someone moved):
/// that person counts once in each team and once above, so the unit's people lie between its largest child and the sum.</param>
public sealed class IntervalAudit(QuantityFamily family, Func<CellKey, double> truth, DisclosureRules rules, string grain, bool personBased = true,
    GrainLink? otherGrain = null, Func<int, bool>? sharedPeopleBelow = null)
{
    /// <summary>The relations by cell of the last model searched for covers further out.</summary>
    private (AttackModel? Model, Dictionary<CellKey, List<LinearRelation>>? Index) _indexed;

    /// <summary>Hidden cells an earlier round of this table's audit found protected: covers only widen intervals, so they stay protected.</summary>
    private readonly HashSet<CellKey> _protected = [];

    /// <summary>Whether the quantity's values are related at all (medians and NPS are not).</summary>
    public bool Applies => family != QuantityFamily.Other;

    /// <summary>The attacker's model of a table: known and hidden cells with their bounds, and the relations of its sets.</summary>
    public AttackModel Model(MetricTable table, IReadOnlyList<AdditiveSet> treeSets, IReadOnlyList<AdditiveSet> splitSets, Func<Cell, bool> hidden)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(treeSets);
        ArgumentNullException.ThrowIfNull(splitSets);
        ArgumentNullException.ThrowIfNull(hidden);
        var model = new AttackModel();
        var upper = Uppers(table, treeSets, hidden);
        foreach (var cell in table.Cells.Values)
        {
            // A cover of a quantity of people's events keeps an interval too (its bounds are a tail or a count of
            // a few); a cover of deployments is hidden for another cell's sake only and needs none (as in τ-ARGUS).
            var value = truth(cell.Key);
            var (lower, most) = (0.0, upper(cell));
            if (hidden(cell) && otherGrain?.Bounds(cell.Key) is { } bounds && value >= bounds.Lower - 1e-6 && value <= bounds.Upper + 1e-6)
            {
                // Bounds of the cell, like its headcount: the released periods of the other grain are public and never
                // change, so no suppression in this table can widen what they tell (a month's people are at least its
                // busiest week's), and its protection is measured within them.
                (lower, most) = (Math.Max(lower, bounds.Lower), Math.Min(most, bounds.Upper));
            }

            model.Cells[cell.Key] = new AttackCell(cell.Key, !hidden(cell), value, lower, most, Sensitive: personBased || !cell.Cover);
        }

        foreach (var set in treeSets)
        {
            // A person in two teams of the set is one person above them: an exact sum would not hold, the model
            // would have no solution, and the whole component would go unaudited.
            model.Relations.AddRange(Relations(set, family == QuantityFamily.Days || (family == QuantityFamily.People && sharedPeopleBelow?.Invoke(set.Parent.Group) == true)));
        }

        foreach (var set in splitSets)
        {
            model.Relations.AddRange(Relations(set, family is QuantityFamily.People or QuantityFamily.Days));
        }

        // The other grain's hidden cells need their protection too once this table is served: they join the model.
        otherGrain?.AddTo(model);
        return model;
    }

    /// <summary>Hidden cells whose derivable interval falls short of their protection level, with that interval.</summary>
    public List<(CellKey Cell, (double Min, double Max) Interval)> Unprotected(AttackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var intervals = AttackerAudit.Intervals(model, cell => Needed(cell, rules.ProtectionPercent), _protected.Contains);
        var unprotected = new List<(CellKey, (double, double))>();
        foreach (var (key, found) in intervals)
        {
            if (IsProtected(model.Cells[key], found.Min, found.Max, rules.ProtectionPercent))
            {
                _protected.Add(key);
            }
            else
            {
                unprotected.Add((key, found));
            }
        }

        return unprotected;
    }

    /// <summary>
    /// Covers beyond a cell's own sets (<see cref="CoverSearch"/>), for a cell whose own sets have nothing left to
    /// hide; the model is updated so the next search sees them hidden.
    /// </summary>
    public List<CellKey> CoversFurtherOut(AttackModel model, CellKey cell, (double Min, double Max) interval, Func<CellKey, double?> cost)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ReferenceEquals(_indexed.Model, model))
        {
            // Covers change cells, never relations: one index serves every search on the model.
            _indexed = (model, CoverSearch.Index(model));
        }

        var covers = CoverSearch.Covers(model, _indexed.Index!, cell, interval, Needed(model.Cells[cell], rules.ProtectionPercent), cost);
        foreach (var cover in covers)
        {
            model.Cells[cover] = model.Cells[cover] with { Known = false, Sensitive = personBased };
        }

        return covers;
    }

    /// <summary>Whether an attacker's interval reaches a hidden value's protection level below and above it.</summary>
    public static bool IsProtected(AttackCell cell, double min, double max, int protectionPercent)
    {
        var (low, high) = Needed(cell, protectionPercent);
        return min <= low + 1e-6 && max >= high - 1e-6;
    }

    /// <summary>How far below and above its value an attacker's interval must reach (clipped to the cell's own bounds).</summary>
    public static (double Low, double High) Needed(AttackCell cell, int protectionPercent)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var level = Math.Max(protectionPercent / 100.0 * Math.Abs(cell.Value), 1);
        return (Math.Max(cell.Lower, cell.Value - level), Math.Min(cell.Upper, cell.Value + level));
    }

    /// <summary>
    /// The largest value each cell can have whatever is hidden: people at most the headcount, and at most what the
    /// unit's children can hold, a child that is a known zero holding none (an org whose only possible users of a
    /// tool are a one-person team has at most one); distinct days at most the days in the period; events unbounded.
    /// A cell's protection is measured within this bound: no suppression can widen what headcounts and known zeros
    /// already tell.
    /// </summary>
    private Func<Cell, double> Uppers(MetricTable table, IReadOnlyList<AdditiveSet> treeSets, Func<Cell, bool> hidden)
    {
        if (family == QuantityFamily.Days)
        {
            return cell => PeriodRange.Next(grain, cell.Key.Period).DayNumber - cell.Key.Period.DayNumber;
        }

        if (family != QuantityFamily.People)
        {
            return _ => double.PositiveInfinity;
        }

        var children = treeSets.ToDictionary(s => s.Parent, s => s.Children);
        var uppers = new Dictionary<CellKey, double>();
        double Upper(Cell cell)
        {
            if (!uppers.TryGetValue(cell.Key, out var upper))
            {
                upper = cell.People;
                if (children.TryGetValue(cell.Key, out var keys) && keys.Select(table.Find).ToList() is var below && below.All(c => c is not null))
                {
                    upper = Math.Min(upper, below.Sum(c => c!.Empty && !hidden(c) ? 0 : Upper(c)));
                }

                uppers[cell.Key] = upper;
            }

            return upper;
        }

        return Upper;
    }

    /// <summary>An exact sum, or for people and days a total between its largest part and the sum of its parts.</summary>
    public static IEnumerable<LinearRelation> Relations(AdditiveSet set, bool unionOfParts)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!unionOfParts)
        {
            return [LinearRelation.Sum(set.Parent, set.Children)];
        }

        return [.. set.Children.Select(child => LinearRelation.AtLeast(set.Parent, child)), LinearRelation.AtMostSum(set.Parent, set.Children)];
    }
}
