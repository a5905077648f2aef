using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The second stage of disclosure control (invariant 4): complementary suppression, decided on the
/// whole tree so every way of asking sees the same cells hidden. The additive sets are a unit with its
/// direct children, and a cell's total with its values of one dimension.
/// <list type="bullet">
/// <item>A cell with no events in a group of at least k people is known (other metrics show nobody did
/// anything): it neither counts as hidden nor covers. So is a cell with no events inside such a zero (the
/// same tool of the parent unit, or its own total): "nobody in the org used it" is a fact about at least k
/// people, and it says the same of every team in the org.</item>
/// <item>A hidden cell of a smaller group counts as hidden whether or not it has events, so the pattern
/// never depends on what a small group did.</item>
/// <item>A cell an earlier release of the same period published visibly is fixed: anyone can read it
/// there, so hiding it now protects nothing and it is never chosen as a cover.</item>
/// </list>
/// First the <see cref="ZeroPattern"/>, then in a loop until nothing changes: the cheap rule (no set with
/// exactly one hidden member: hide the visible member with events and the fewest people, ties by tree
/// order, or the parent), the exact <see cref="LinearAudit"/> (no hidden cell determined by the sets'
/// equations), and the attacker's <see cref="IntervalAudit"/> (no hidden cell narrowed below its
/// protection level by equations and bounds together): a cover in one of the cell's own sets, or, when
/// they have nothing left to hide, covers further out found by <see cref="CoverSearch"/>. Cells nothing
/// within reach can widen are left on <see cref="MetricTable.ShortOfProtection"/>.
/// </summary>
public sealed class SecondarySuppression(OrgStructure structure, PeriodRange range)
{
    public MetricTable Protect(MetricTable table, IReadOnlyList<string> dimensions, int k, IntervalAudit? interval = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(dimensions);
        var (treeSets, splitSets) = Sets(table, dimensions);
        var sets = treeSets.Concat(splitSets).ToList();
        ZeroPattern.Apply(table, sets, k);

        var zeros = new Dictionary<CellKey, bool>();
        bool Known(Cell c) => c.Empty && (c.People >= k || InsideAKnownZero(c.Key));
        bool InsideAKnownZero(CellKey key)
        {
            if (!zeros.TryGetValue(key, out var inside))
            {
                // The same layer of the parent unit, or the cell's own total: nobody there did it, so nobody here did.
                var parent = structure.Units.GetValueOrDefault(key.Group)?.ParentId is { } p ? table.Find(key with { Group = p }) : null;
                var total = key.Dimension is null ? null : table.Find(key.Total);
                zeros[key] = inside = (parent is not null && Known(parent)) || (total is not null && Known(total));
            }

            return inside;
        }

        bool Hidden(Cell c) => c.Suppressed && !Known(c) && !c.Fixed;
        bool Cover(Cell c) => !c.Suppressed && !c.Empty && !c.Fixed;

        Cell? CoverIn(IReadOnlyList<CellKey> childKeys, Cell? parent) =>
            childKeys.Select(table.Find).OfType<Cell>().Where(Cover).MinBy(c => (c.People, Order(c)))
            ?? (parent is not null && Cover(parent) ? parent : null);

        var byPeriod = sets.GroupBy(s => s.Parent.Period).ToList();
        // Cells a search further out found no cover for: searched again only if nothing else can help them.
        var hopeless = new HashSet<CellKey>();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var set in sets)
            {
                var parent = table.Find(set.Parent);
                var hidden = set.Children.Select(table.Find).OfType<Cell>().Count(Hidden) + (parent is not null && Hidden(parent) ? 1 : 0);
                if (hidden == 1 && CoverIn(set.Children, parent) is { } candidate)
                {
                    candidate.SuppressAsCover();
                    changed = true;
                }
            }

            if (changed)
            {
                continue;
            }

            foreach (var period in byPeriod)
            {
                foreach (var determined in LinearAudit.Determined(table, period, Hidden))
                {
                    changed |= CoverSomewhere(determined, period);
                }
            }

            if (changed || interval is not { Applies: true })
            {
                continue;
            }

            var model = interval.Model(table, treeSets, splitSets, Hidden);
            var cornered = new List<(CellKey Cell, (double, double) Interval)>();
            foreach (var (narrowed, found) in interval.Unprotected(model))
            {
                if (CoverSomewhere(narrowed, sets))
                {
                    changed = true;
                }
                else
                {
                    cornered.Add((narrowed, found));
                }
            }

            // Cells whose own sets have nothing left to hide: covers further out, once the covers chosen above
            // are in the model (the next round).
            foreach (var (narrowed, found) in changed ? [] : cornered.Where(c => !hopeless.Contains(c.Cell)))
            {
                var covers = interval.CoversFurtherOut(model, narrowed, found, key => table.Find(key) is { } c && Cover(c) ? c.People + 1 : null);
                foreach (var cover in covers)
                {
                    table.Find(cover)!.SuppressAsCover();
                    changed = true;
                }

                if (covers.Count == 0)
                {
                    // The search is a linear programme over the cell's neighbourhood: covers found for other cells
                    // rarely change its answer, and on a large tree every round would solve it again.
                    hopeless.Add(narrowed);
                }
            }

            // Still short with nothing within reach to hide (values published before, known zeros, headcounts).
            table.ShortOfProtection = changed ? [] : [.. cornered.Select(c => c.Cell)];
        }

        return table;

        // Cover a cell in one of its sets: the fewest people first.
        bool CoverSomewhere(CellKey cell, IEnumerable<AdditiveSet> candidates)
        {
            var cover = candidates.Where(s => s.Parent == cell || s.Children.Contains(cell))
                .Select(s => CoverIn(s.Children, table.Find(s.Parent))).OfType<Cell>()
                .MinBy(c => (c.People, Order(c)));
            cover?.SuppressAsCover();
            return cover is not null;
        }
    }

    /// <summary>The sets of a table: a unit with its children (per layer), and a total with its values of one dimension.</summary>
    public (List<AdditiveSet> Tree, List<AdditiveSet> Split) Sets(MetricTable table, IReadOnlyList<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(dimensions);
        var sets = new List<AdditiveSet>();
        var split = new List<AdditiveSet>();
        var layers = new List<(string? Dimension, string? Value)> { (null, null) };
        foreach (var dimension in dimensions)
        {
            layers.AddRange(table.DimensionValues(dimension).Select(v => ((string?)dimension, (string?)v)));
        }

        foreach (var (parent, children) in structure.Children)
        {
            foreach (var period in range.Periods)
            {
                foreach (var (dimension, value) in layers)
                {
                    sets.Add(new AdditiveSet(new CellKey(parent, period.Start, dimension, value), children.Select(c => new CellKey(c.Id, period.Start, dimension, value)).ToList()));
                }
            }
        }

        if (dimensions.Count > 0)
        {
            var byTotal = table.Cells.Keys.Where(c => c.Dimension is not null).GroupBy(c => (c.Total, c.Dimension));
            split.AddRange(byTotal.Select(g => new AdditiveSet(g.Key.Total, g.OrderBy(c => c.DimensionValue, StringComparer.Ordinal).ToList())));
        }

        return (sets, split);
    }

    private string Order(Cell cell) => structure.Units[cell.Key.Group].Path + "|" + cell.Key.DimensionValue;
}
