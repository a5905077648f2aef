namespace MetricsApi.Features.Org;

/// <summary>A node of the org tree, identified to producers by its stable external id.</summary>
public sealed class OrgUnit
{
    public int Id { get; set; }

    public required string ExternalId { get; set; }

    public required string Name { get; set; }

    /// <summary>One of <see cref="OrgUnitKinds"/>.</summary>
    public required string Kind { get; set; }

    public int? ParentId { get; set; }

    /// <summary>
    /// Materialised path of ids from the root, e.g. <c>/1/4/17/</c>: a subtree is every unit whose
    /// path starts with the root's path, one indexed range query on every provider.
    /// </summary>
    public required string Path { get; set; }

    /// <summary>The system that delivered this unit (an HR/directory feed).</summary>
    public required string Source { get; set; }
}
