using MetricsApi.GraphQL;

namespace MetricsApi.Features.Audit;

/// <summary>Relay edge of <see cref="AuditEntryType"/>.</summary>
public sealed class AuditEntryEdgeType() : RelayEdgeType<AuditEntry, AuditEntryType>(
    "AuditEntryEdge", "An audit entry and its cursor.", "Pass as `after` to continue after this entry.", "The entry.");

/// <summary>Relay connection of <see cref="AuditEntryType"/>, newest first.</summary>
public sealed class AuditEntryConnectionType() : RelayConnectionType<AuditEntry, AuditEntryType, AuditEntryEdgeType>(
    "AuditEntryConnection", "A page of audit entries, newest first.", "The entries of this page with their cursors.", "The entries of this page, without cursors.",
    "Number of entries matching the filter, over all pages.");
