using MetricsApi.GraphQL;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>Relay edge of <see cref="AuditCheckpointType"/>.</summary>
public sealed class AuditCheckpointEdgeType() : RelayEdgeType<AuditCheckpoint, AuditCheckpointType>(
    "AuditCheckpointEdge", "An audit checkpoint and its cursor.", "Pass as `after` to continue after this checkpoint.", "The checkpoint.");

/// <summary>Relay connection of <see cref="AuditCheckpointType"/>, newest first.</summary>
public sealed class AuditCheckpointConnectionType() : RelayConnectionType<AuditCheckpoint, AuditCheckpointType, AuditCheckpointEdgeType>(
    "AuditCheckpointConnection", "A page of audit checkpoints, newest first.", "The checkpoints of this page with their cursors.", "The checkpoints of this page, without cursors.",
    "Number of checkpoints, over all pages.");
