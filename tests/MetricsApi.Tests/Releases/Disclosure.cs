namespace MetricsApi.Tests.Releases;

/// <summary>
/// Finds suppressed cells a reader could recover by arithmetic from the visible ones (invariant 4),
/// for additive metrics (counts and sums): a visible parent with exactly one hidden child gives the
/// hidden child away as parent minus the visible children.
/// </summary>
public static class Disclosure
{
    private const double Tolerance = 1e-6;

    /// <summary>Fails with every leak spelt out (Assert.Empty would cut the descriptions short).</summary>
    public static void AssertNone(IReadOnlyList<string> leaks) =>
        Assert.True(leaks.Count == 0, $"{leaks.Count} hidden value(s) can be worked out: " + string.Join("; ", leaks));

    /// <summary>Leaks along the org tree of <see cref="EvaluationData"/>: a unit and its direct children.</summary>
    public static IReadOnlyList<string> AlongTheOrgTree(IEnumerable<ValuePoint> points)
    {
        var cells = Index(points);
        var leaks = new List<string>();
        foreach (var parent in cells.Values.Where(IsVisible))
        {
            var children = EvaluationData.Parents.Where(p => p.Value == parent.GroupId).Select(p => p.Key).ToList();
            // Every dimension value seen has a point for every group; a missing one would be an empty, visible zero.
            var found = children
                .Select(c => cells.GetValueOrDefault((c, parent.PeriodStart, parent.DimensionValue))
                    ?? (parent.DimensionValue is null ? null : Empty(c, parent)))
                .ToList();
            if (children.Count == 0 || found.Any(c => c is null))
            {
                continue;
            }

            leaks.AddRange(LoneHidden(parent, found!));
        }

        return leaks;
    }

    /// <summary>Leaks between a total (no dimension) and its split by dimension value, per group and period.</summary>
    public static IReadOnlyList<string> AcrossDimensionValues(IEnumerable<ValuePoint> totals, IEnumerable<ValuePoint> split)
    {
        var byCell = split.GroupBy(p => (p.GroupId, p.PeriodStart)).ToDictionary(g => g.Key, g => g.ToList());
        var leaks = new List<string>();
        foreach (var total in totals.Where(IsVisible))
        {
            if (byCell.TryGetValue((total.GroupId, total.PeriodStart), out var values))
            {
                leaks.AddRange(LoneHidden(total, values));
            }
        }

        return leaks;
    }

    /// <summary>
    /// What an attacker holding the response recovers: every additive set (a unit and its direct
    /// children per period and dimension value; a group's total and its values of the dimension) with
    /// exactly one unknown member gives that member away, and each recovered value may unlock the next
    /// set. Returns the hidden cells recovered with a value other than zero (zero is an empty cell).
    /// </summary>
    /// <remarks>
    /// Every set adds up, acme = org-eng + org-web included: each event counts for exactly one team (erin's,
    /// in team-a and team-w, for team-a only), so an org's value is the sum of its children's.
    /// </remarks>
    /// <param name="points">Every point of the response (totals and splits, any group level).</param>
    /// <param name="knownZeros">Cells the reader knows to be zero from elsewhere in the response (e.g. no active users).</param>
    public static IReadOnlyList<string> Recoverable(IEnumerable<ValuePoint> points, IEnumerable<(string Group, string Period, string? Dimension)>? knownZeros = null)
    {
        var cells = Index(points);
        var known = cells.Values.Where(IsVisible).ToDictionary(p => p.Cell, p => p.Value!.Value);
        foreach (var zero in knownZeros ?? [])
        {
            known.TryAdd(zero, 0);
        }

        var sets = new List<((string, string, string?) Whole, List<(string, string, string?)> Parts)>();
        var periods = cells.Keys.Select(c => c.Item2).Distinct().ToList();
        var dimensionValues = cells.Keys.Select(c => c.Item3).Distinct().ToList();
        foreach (var parent in EvaluationData.Parents.Values.OfType<string>().Distinct())
        {
            var children = EvaluationData.Parents.Where(p => p.Value == parent).Select(p => p.Key).ToList();
            foreach (var period in periods)
            {
                foreach (var value in dimensionValues)
                {
                    sets.Add(((parent, period, value), children.Select(c => (c, period, value)).ToList()));
                }
            }
        }

        var split = dimensionValues.OfType<string>().ToList();
        if (split.Count > 0)
        {
            foreach (var (group, period) in cells.Keys.Select(c => (c.Item1, c.Item2)).Distinct())
            {
                sets.Add(((group, period, null), split.Select(v => (group, period, (string?)v)).ToList()));
            }
        }

        var recovered = new List<string>();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (whole, parts) in sets)
            {
                var unknown = parts.Prepend(whole).Where(m => !known.ContainsKey(m)).ToList();
                if (unknown.Count != 1)
                {
                    continue;
                }

                var target = unknown[0];
                var value = target == whole
                    ? parts.Sum(m => known[m])
                    : known[whole] - parts.Where(m => m != target).Sum(m => known[m]);
                known[target] = value;
                changed = true;
                if (cells.TryGetValue(target, out var point) && point.Suppressed && Math.Abs(value) > Tolerance)
                {
                    recovered.Add($"hidden {Describe(point)} ({point.SuppressionReason}) = {value}, from {Describe(whole)} and its parts");
                }
            }
        }

        return recovered;
    }

    private static string Describe((string Group, string Period, string? Dimension) cell) =>
        $"({cell.Group}, {cell.Period}{(cell.Dimension is null ? "" : ", " + cell.Dimension)})";

    private static ValuePoint Empty(string group, ValuePoint parent) =>
        new(group, null, parent.DimensionValue, parent.PeriodStart, null, null, 0, false, null, null);

    private static bool IsVisible(ValuePoint point) => !point.Suppressed && point.Value is not null;

    private static IEnumerable<string> LoneHidden(ValuePoint parent, IReadOnlyList<ValuePoint> children)
    {
        var hidden = children.Where(c => c.Suppressed).ToList();
        if (hidden.Count != 1 || children.Any(c => !c.Suppressed && c.Value is null))
        {
            yield break;
        }

        var residual = parent.Value!.Value - children.Where(c => !c.Suppressed).Sum(c => c.Value!.Value);
        if (Math.Abs(residual) > Tolerance)
        {
            yield return $"{Describe(parent)} = {parent.Value} minus its visible parts gives the hidden {Describe(hidden[0])} = {residual}";
        }
    }

    private static Dictionary<(string, string, string?), ValuePoint> Index(IEnumerable<ValuePoint> points)
    {
        var cells = new Dictionary<(string, string, string?), ValuePoint>();
        foreach (var point in points)
        {
            cells[point.Cell] = point;
        }

        return cells;
    }

    private static string Describe(ValuePoint p) =>
        $"({p.GroupId}, {p.PeriodStart}{(p.DimensionValue is null ? "" : ", " + p.DimensionValue)})";
}
