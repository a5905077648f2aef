namespace MetricsApi.Releases.Read;

/// <summary>
/// What one request asks for, in points: for every <c>metricValues</c> field (each alias) periods ×
/// groups × (dimension values + guardrails), for every <c>viewer { usage }</c> periods × dimension
/// values, plus a fixed <see cref="PerField"/> for each (its plan and its audit entry). Counted before
/// anything executes, refused above the budget, reported in every response's <c>extensions.cost</c>.
/// </summary>
public sealed class QueryCost
{
    /// <summary>What each governed field costs on top of its points.</summary>
    public const int PerField = 1_000;

    public long Points { get; private set; }

    public long Budget { get; set; }

    public int Fields { get; private set; }

    /// <summary>Whether the request was costed (it had a document that passed validation up to the cost rule).</summary>
    public bool Counted { get; set; }

    public void Add(long points)
    {
        Points += points + PerField;
        Fields++;
    }
}
