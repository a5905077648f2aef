using System.Text.RegularExpressions;
using MetricsApi.Access;

namespace MetricsApi.Features.Catalogue;

/// <summary>
/// Checks a proposed metric: shape, known event types and fields, aggregations that fit their
/// fields, references and ratio cycles, guardrails, group-size floor and the invariants of PRODUCT.md
/// §5 (personal kinds never for PERFORMANCE_REVIEW; ACTIVITY and ADOPTION carry an OUTCOME guardrail).
/// </summary>
public static partial class MetricValidator
{
    /// <summary>The smallest minimum group size any metric or policy may have (invariant 3).</summary>
    public const int PolicyFloor = 5;

    private static readonly string[] Ops = ["EQ", "NE", "IN", "GT", "GTE", "LT", "LTE"];
    private static readonly string[] Comparisons = ["GT", "GTE", "LT", "LTE"];

    /// <param name="input">The proposal.</param>
    /// <param name="metrics">Latest version of every other metric, by key.</param>
    public static IReadOnlyList<FieldProblem> Validate(MetricInput input, IReadOnlyDictionary<string, MetricVersion> metrics)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(metrics);
        var problems = new List<FieldProblem>();
        void Problem(string field, string message) => problems.Add(new FieldProblem(field, message));

        if (!KeyPattern().IsMatch(input.Key))
        {
            Problem("key", "key must be 3–100 characters of lowercase letters, digits and underscores, starting with a letter.");
        }

        Require(input.Name, "name", 200, Problem);
        Require(input.Description, "description", 8000, Problem);
        Require(input.Unit, "unit", 100, Problem);
        Require(input.Owner, "owner", 200, Problem);
        Require(input.Steward, "steward", 200, Problem);
        if (!MetricKinds.All.Contains(input.Kind))
        {
            Problem("kind", $"kind must be one of {string.Join(", ", MetricKinds.All)}.");
        }

        if (input.AllowedPurposes.Count == 0 || input.AllowedPurposes.Any(p => !Purposes.All.Contains(p)))
        {
            Problem("allowedPurposes", $"allowedPurposes must name at least one of {string.Join(", ", Purposes.All)}.");
        }
        else if (MetricKinds.IsPersonal(input.Kind) && input.AllowedPurposes.Contains(Purposes.PerformanceReview))
        {
            Problem("allowedPurposes", $"A {input.Kind} metric can never allow PERFORMANCE_REVIEW: usage, adoption and sentiment numbers in performance views get gamed and hurt people (invariant 1). Only OUTCOME metrics may.");
        }

        if (input.MinGroupSize < PolicyFloor)
        {
            Problem("minGroupSize", $"minGroupSize must be at least {PolicyFloor}, the policy floor: smaller groups single people out (invariant 3).");
        }

        if (input.Grains.Count == 0 || input.Grains.Any(g => !Grains.All.Contains(g)))
        {
            Problem("grains", $"grains must name at least one of {string.Join(", ", Grains.All)}.");
        }

        ValidateGuardrails(input, metrics, Problem);
        ValidateDefinition(input, metrics, Problem);

        // What a metric is follows from what it reads, not from its label: anything computed from people's
        // events is personal, so it cannot be an OUTCOME (which would skip the privacy officer and open it to
        // performance reviews, invariant 1).
        if (input.Kind == MetricKinds.Outcome && ReadsPeople(input.Definition, metrics, []))
        {
            Problem("kind", "This metric is computed from people's events (ai_usage, tool_access or survey_response), so it is ADOPTION, ACTIVITY or SENTIMENT, never OUTCOME: personal usage never reaches performance reviews and needs a privacy officer's approval (invariant 1).");
        }

        return problems;
    }

    /// <summary>True when a definition reads events about people, directly or through the metrics it combines.</summary>
    public static bool ReadsPeople(MetricDefinition definition, IReadOnlyDictionary<string, MetricVersion> metrics, HashSet<string> seen)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(seen);
        if (definition.Source is not null)
        {
            return SourceFields.Find(definition.Source, "person") is not null;
        }

        return definition.References.Any(key => seen.Add(key) && metrics.TryGetValue(key, out var version)
            && ReadsPeople(MetricDefinition.FromJson(version.Definition), metrics, seen));
    }

    private static void ValidateGuardrails(MetricInput input, IReadOnlyDictionary<string, MetricVersion> metrics, Action<string, string> problem)
    {
        foreach (var key in input.Guardrails)
        {
            if (key == input.Key)
            {
                problem("guardrails", "A metric cannot be its own guardrail.");
            }
            else if (!metrics.TryGetValue(key, out var guardrail))
            {
                problem("guardrails", $"Guardrail '{key}' is not a metric in the catalogue.");
            }
            else if (guardrail.Kind != MetricKinds.Outcome)
            {
                problem("guardrails", $"Guardrail '{key}' is a {guardrail.Kind} metric; guardrails must be OUTCOME metrics.");
            }
            else if (ReadsPeople(MetricDefinition.FromJson(guardrail.Definition), metrics, []))
            {
                problem("guardrails", $"Guardrail '{key}' is computed from people's events; guardrails must be outcomes of teams.");
            }
        }

        if (input.Kind is MetricKinds.Activity or MetricKinds.Adoption
            && !input.Guardrails.Any(k => metrics.TryGetValue(k, out var g) && g.Kind == MetricKinds.Outcome))
        {
            problem("guardrails", $"A {input.Kind} metric must name at least one OUTCOME guardrail metric, so usage is always read next to results (invariant 5).");
        }
        else if (input.Kind is MetricKinds.Activity or MetricKinds.Adoption)
        {
            foreach (var grain in input.Grains.Where(g => !input.Guardrails.Any(k => metrics.TryGetValue(k, out var m) && m.Grains.Split(',').Contains(g))))
            {
                problem("guardrails", $"None of the guardrails can be read at {grain}, so {grain} values would come without one (invariant 5): add an OUTCOME guardrail read at {grain}.");
            }
        }
    }

    private static void ValidateDefinition(MetricInput input, IReadOnlyDictionary<string, MetricVersion> metrics, Action<string, string> problem)
    {
        var d = input.Definition;
        if (!Aggregations.All.Contains(d.Aggregation))
        {
            problem("definition.aggregation", $"aggregation must be one of {string.Join(", ", Aggregations.All)}.");
            return;
        }

        if (d.Aggregation is Aggregations.Ratio or Aggregations.ShareOfTeams)
        {
            ValidateComposite(input, metrics, problem);
            return;
        }

        if (d.Source is null || !SourceFields.ByType.ContainsKey(d.Source))
        {
            problem("definition.source", $"source must be one of the event types {string.Join(", ", SourceFields.ByType.Keys)}.");
            return;
        }

        var field = d.Field is null ? null : SourceFields.Find(d.Source, d.Field);
        if (d.Field is not null && field is null)
        {
            problem("definition.field", $"'{d.Field}' is not a field of {d.Source}; known fields: {string.Join(", ", SourceFields.ByType[d.Source].Select(f => f.Name))}.");
        }

        var hasPerson = SourceFields.Find(d.Source, "person") is not null;
        switch (d.Aggregation)
        {
            case Aggregations.Sum or Aggregations.Median or Aggregations.P90 or Aggregations.Nps:
                if (d.Field is null)
                {
                    problem("definition.field", $"{d.Aggregation} needs a numeric field.");
                }
                else if (field is not null && field.Type != FieldType.Number)
                {
                    problem("definition.field", $"{d.Aggregation} needs a numeric field; '{d.Field}' is {field.Type}.");
                }

                break;
            case Aggregations.Count or Aggregations.DistinctDays or Aggregations.DistinctPeople or Aggregations.ShareOfPeople:
                if (d.Field is not null)
                {
                    problem("definition.field", $"{d.Aggregation} takes no field.");
                }

                if (d.Aggregation is Aggregations.DistinctPeople or Aggregations.ShareOfPeople && !hasPerson)
                {
                    problem("definition.aggregation", $"{d.Aggregation} needs events about people; {d.Source} events are about teams.");
                }

                break;
        }

        // Counts and sums add up over time. Months and ISO weeks overlap by a few days, so a month minus the
        // weeks inside it would give a hidden week back, or a few days' usage of a few people.
        if (d.Source != Ingestion.EventTypes.ToolAccess && d.Aggregation is Aggregations.Count or Aggregations.Sum or Aggregations.DistinctDays && input.Grains.Distinct().Count() > 1)
        {
            problem("grains", $"A {d.Aggregation} of {d.Source} events adds up over time, so it can be read at one grain only: its monthly value minus the weeks inside the month would give a hidden week back, or a few days of a few people's usage (time-window slicing).");
        }

        // The same holds across metrics: another metric counting the same events at another grain is the
        // same month and week read twice (the attacker combines every metric they can read).
        var eventSource = d.Source;
        if (eventSource is not null && eventSource != Ingestion.EventTypes.ToolAccess && d.Aggregation is Aggregations.Count or Aggregations.Sum or Aggregations.DistinctDays)
        {
            var quantity = Releases.Evaluate.Quantity.KeyOf(d);
            foreach (var (key, other) in metrics.Where(m => m.Key != input.Key).OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var otherGrains = other.Grains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (MetricDefinition.FromJson(other.Definition) is { Source: not null } od && Releases.Evaluate.Quantity.KeyOf(od) == quantity
                    && otherGrains.Union(input.Grains).Distinct().Count() > 1)
                {
                    problem("grains", $"{key} counts the same events at {string.Join(", ", otherGrains)}: a {d.Aggregation} adds up over time, so all metrics of the same events must use the same one grain (a month of one minus the weeks of the other would give a hidden week back).");
                    break;
                }
            }
        }

        if (d.PerEngineer && d.Aggregation is not (Aggregations.Count or Aggregations.Sum or Aggregations.DistinctDays))
        {
            problem("definition.perEngineer", "perEngineer applies to COUNT, SUM and DISTINCT_DAYS only.");
        }

        for (var i = 0; i < d.Filters.Count; i++)
        {
            ValidateFilter(d.Source, d.Filters[i], $"definition.filters[{i}]", problem);
        }

        foreach (var dimension in input.Dimensions)
        {
            if (SourceFields.Find(d.Source, dimension) is not { Type: FieldType.Text or FieldType.Enum })
            {
                problem("dimensions", $"Dimension '{dimension}' must be a text or enum field of {d.Source}.");
            }
        }
    }

    private static void ValidateFilter(string source, MetricFilter filter, string path, Action<string, string> problem)
    {
        var field = SourceFields.Find(source, filter.Field);
        if (field is null)
        {
            problem(path + ".field", $"'{filter.Field}' is not a field of {source}.");
            return;
        }

        if (!Ops.Contains(filter.Op))
        {
            problem(path + ".op", $"op must be one of {string.Join(", ", Ops)}.");
            return;
        }

        if (field.Type is FieldType.Person or FieldType.Team)
        {
            problem(path + ".field", $"Filtering on '{filter.Field}' would select individuals or single teams; definitions may not.");
            return;
        }

        if (field.Type is FieldType.Timestamp)
        {
            problem(path + ".field", $"Filtering on '{filter.Field}' would cut time windows other than the periods of the grain; two metrics cut differently could be subtracted to isolate a few people's usage (time-window slicing).");
            return;
        }

        if (filter.Values.Count == 0 || (filter.Op != "IN" && filter.Values.Count != 1))
        {
            problem(path + ".values", filter.Op == "IN" ? "IN needs at least one value." : $"{filter.Op} needs exactly one value.");
            return;
        }

        var ordered = filter.Op is "GT" or "GTE" or "LT" or "LTE";
        if (ordered && field.Type is not (FieldType.Number or FieldType.Timestamp))
        {
            problem(path + ".op", $"{filter.Op} compares numbers or times; '{filter.Field}' is {field.Type}.");
        }
        else if (field.Type == FieldType.Number && filter.Values.Any(v => !double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            problem(path + ".values", $"'{filter.Field}' is a number; every value must be one.");
        }
        else if (field.Type == FieldType.Boolean && filter.Values.Any(v => v is not ("true" or "false")))
        {
            problem(path + ".values", $"'{filter.Field}' is true or false.");
        }
        else if (field.Values is { } allowed && filter.Values.Any(v => !allowed.Contains(v)))
        {
            problem(path + ".values", $"'{filter.Field}' takes {string.Join(", ", allowed)}.");
        }
    }

    private static void ValidateComposite(MetricInput input, IReadOnlyDictionary<string, MetricVersion> metrics, Action<string, string> problem)
    {
        var d = input.Definition;
        if (d.Source is not null || d.Field is not null || d.Filters.Count > 0 || d.PerEngineer)
        {
            problem("definition", $"{d.Aggregation} combines metrics: it takes no source, field, filters or perEngineer.");
        }

        foreach (var dimension in input.Dimensions)
        {
            // A combined metric can be split by a dimension only if everything it combines can.
            if (d.References.Any(r => !metrics.TryGetValue(r, out var m) || !m.Dimensions.Split(',').Contains(dimension)))
            {
                problem("dimensions", $"Dimension '{dimension}' must be a dimension of every metric this one is computed from.");
            }
        }

        var references = d.Aggregation == Aggregations.Ratio
            ? new[] { ("definition.numerator", d.Numerator), ("definition.denominator", d.Denominator) }
            : new[] { ("definition.metric", d.Metric) };
        foreach (var (path, key) in references)
        {
            if (key is null)
            {
                problem(path, $"{d.Aggregation} needs {path[(path.IndexOf('.') + 1)..]}.");
            }
            else if (key == input.Key)
            {
                problem(path, "A metric cannot be computed from itself.");
            }
            else if (!metrics.ContainsKey(key))
            {
                problem(path, $"'{key}' is not a metric in the catalogue.");
            }
            else if (Reaches(key, input.Key, metrics, []))
            {
                problem(path, $"'{key}' is computed from '{input.Key}', directly or through other metrics: that would be a cycle.");
            }
        }

        foreach (var key in d.References.Distinct())
        {
            // Otherwise the input's values at a grain it is never read at could be worked out from this one.
            if (metrics.TryGetValue(key, out var reference) && input.Grains.Except(reference.Grains.Split(',')).ToList() is [_, ..] extra)
            {
                problem("grains", $"'{key}' is read at {reference.Grains.Replace(",", " and ", StringComparison.Ordinal)} only; a metric computed from it cannot be read at {string.Join(" or ", extra)}.");
            }
        }

        if (d.Aggregation == Aggregations.ShareOfTeams && (d.Threshold is null || d.Comparison is null || !Comparisons.Contains(d.Comparison)))
        {
            problem("definition.threshold", $"SHARE_OF_TEAMS needs a threshold and a comparison ({string.Join(", ", Comparisons)}).");
        }
    }

    /// <summary>True when <paramref name="from"/> is computed, directly or not, from <paramref name="target"/>.</summary>
    private static bool Reaches(string from, string target, IReadOnlyDictionary<string, MetricVersion> metrics, HashSet<string> seen)
    {
        if (from == target)
        {
            return true;
        }

        if (!seen.Add(from) || !metrics.TryGetValue(from, out var version))
        {
            return false;
        }

        return MetricDefinition.FromJson(version.Definition).References.Any(r => Reaches(r, target, metrics, seen));
    }

    private static void Require(string value, string field, int max, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problem(field, $"{field} is required.");
        }
        else if (value.Length > max)
        {
            problem(field, $"{field} is longer than {max} characters.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{2,99}$")]
    private static partial Regex KeyPattern();
}
