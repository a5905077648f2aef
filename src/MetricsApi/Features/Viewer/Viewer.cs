using MetricsApi.Features.Org;

namespace MetricsApi.Features.Viewer;

/// <summary>The caller as the API sees them.</summary>
public sealed record Viewer(string ObjectId, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<OrgUnit> Scope);
