namespace MetricsApi.Features.Ingestion;

/// <summary>An event that passed validation, ready to be written. Person identifiers are already pseudonyms.</summary>
public abstract record ValidEvent(int Position, string Source, string EventId, string Type);

/// <summary>Create, rename, move or reclassify an org unit, from a day on (null: since always for a new unit, from the day received for a known one).</summary>
public sealed record OrgUnitCommand(int Position, string Source, string EventId, string ExternalId, string Name, string Kind, string? ParentExternalId, DateOnly? EffectiveFrom)
    : ValidEvent(Position, Source, EventId, EventTypes.OrgUnit);

/// <summary>Record (or close) a membership or a management assignment.</summary>
public sealed record AssignmentCommand(int Position, string Source, string EventId, string Type, string PersonKey, int UnitId, DateOnly ValidFrom, DateOnly? ValidTo)
    : ValidEvent(Position, Source, EventId, Type);

/// <summary>A telemetry row (deployment, AI usage, tool access, survey response).</summary>
public sealed record TelemetryEvent(int Position, string Source, string EventId, string Type, object Row)
    : ValidEvent(Position, Source, EventId, Type);
