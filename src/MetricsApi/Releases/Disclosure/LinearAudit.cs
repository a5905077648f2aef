using MetricsApi.Releases.Evaluate;

namespace MetricsApi.Releases.Disclosure;

/// <summary>
/// The exact audit of a suppression pattern against linear equations: every additive set of a period
/// (parent − Σ children = 0, total − Σ dimension values = 0) whose visible members are constants.
/// Gauss–Jordan elimination over the hidden cells (sparse rows); a hidden cell is determined when a
/// reduced row holds it alone. The cheap "no set with exactly one hidden member" rule misses bridges
/// (two blocks of hidden cells in a team × tool table linked by one cell); this does not.
/// </summary>
public static class LinearAudit
{
    public static List<CellKey> Determined(MetricTable table, IEnumerable<AdditiveSet> sets, Func<Cell, bool> hidden)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(hidden);
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
        foreach (var set in sets)
        {
            var row = new Dictionary<int, double>();
            if (table.Find(set.Parent) is { } parent && hidden(parent))
            {
                row[Var(set.Parent)] = 1;
            }

            foreach (var child in set.Children)
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
}
