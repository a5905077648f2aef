using System.Text.Json;
using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;

namespace MetricsApi.Features.Ingestion;

/// <summary>
/// Turns one JSON event into a <see cref="ValidEvent"/> or an <see cref="IngestError"/>: required
/// fields, types, ranges, enums, time order, known tools and units, no unknown fields. Person
/// identifiers are pseudonymised here, before anything else sees them.
/// </summary>
public sealed class EventValidator(Pseudonymiser pseudonymiser, IReadOnlyList<string> knownTools, DateTime now, TimeSpan futureTolerance, DateTime earliest)
{
    private static readonly string[] Common = ["type", "eventId", "source"];
    private static readonly Dictionary<string, HashSet<string>> Allowed = new(StringComparer.Ordinal)
    {
        [EventTypes.Deployment] = [.. Common, "team", "service", "environment", "status", "startedAt", "finishedAt", "leadTimeMinutes", "causedIncident", "restoredAt"],
        [EventTypes.AiUsage] = [.. Common, "person", "tool", "model", "occurredAt", "kind", "inputTokens", "outputTokens"],
        [EventTypes.ToolAccess] = [.. Common, "person", "tool", "grantedAt", "revokedAt"],
        [EventTypes.SurveyResponse] = [.. Common, "person", "tool", "score", "submittedAt"],
        [EventTypes.OrgUnit] = [.. Common, "externalId", "name", "kind", "parent", "effectiveFrom"],
        [EventTypes.Membership] = [.. Common, "person", "team", "validFrom", "validTo"],
        [EventTypes.Manager] = [.. Common, "person", "orgUnit", "validFrom", "validTo"],
    };

    private static readonly string[] DeploymentStatuses = ["SUCCEEDED", "FAILED", "ROLLED_BACK"];
    private static readonly string[] UsageKinds = ["INVOCATION", "OUTPUT_ACCEPTED", "FEEDBACK_GIVEN"];

    public (ValidEvent? Event, IngestError? Error) Validate(JsonElement json, int position, OrgDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, new IngestError(position, null, null, IngestErrorCodes.NotAnObject, "An event must be a JSON object."));
        }

        var fields = new EventFields(json, position, now, futureTolerance, earliest);
        if (json.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String && StorableText.IsValid(id))
        {
            fields.EventId = id.GetString();
        }

        var type = fields.String("type", maxLength: 40);
        if (type is not null && !Allowed.ContainsKey(type))
        {
            fields.Fail("type", IngestErrorCodes.UnknownType, $"type must be one of {string.Join(", ", EventTypes.All)}.");
        }

        var eventId = fields.String("eventId");
        var source = fields.String("source");
        if (fields.Failed)
        {
            return (null, fields.Error);
        }

        fields.RejectUnknownFields(Allowed[type!]);
        ValidEvent? result = type switch
        {
            EventTypes.Deployment => Deployment(fields, position, source!, eventId!, directory),
            EventTypes.AiUsage => AiUsage(fields, position, source!, eventId!),
            EventTypes.ToolAccess => ToolAccess(fields, position, source!, eventId!),
            EventTypes.SurveyResponse => Survey(fields, position, source!, eventId!),
            EventTypes.OrgUnit => OrgUnitEvent(fields, position, source!, eventId!, directory),
            _ => Assignment(fields, position, source!, eventId!, type!, directory),
        };
        return fields.Failed ? (null, fields.Error) : (result, null);
    }

    private static TelemetryEvent? Deployment(EventFields f, int position, string source, string eventId, OrgDirectory directory)
    {
        var team = Unit(f, "team", directory, mustBeTeam: true);
        var service = f.String("service");
        var environment = f.String("environment", maxLength: 100);
        var status = f.Enum("status", DeploymentStatuses);
        var started = f.Timestamp("startedAt");
        var finished = f.Timestamp("finishedAt");
        var leadTime = f.Integer("leadTimeMinutes", 0, 10 * 365 * 24 * 60, required: false);
        var incident = f.Boolean("causedIncident", required: false) ?? false;
        var restored = f.Timestamp("restoredAt", required: false);
        if (f.Failed)
        {
            return null;
        }

        if (finished < started)
        {
            f.Fail("finishedAt", IngestErrorCodes.TimeOrder, "finishedAt must not be before startedAt.");
        }
        else if (restored is not null && !incident)
        {
            f.Fail("restoredAt", IngestErrorCodes.InvalidValue, "restoredAt is only meaningful when causedIncident is true.");
        }
        else if (restored < finished)
        {
            f.Fail("restoredAt", IngestErrorCodes.TimeOrder, "restoredAt must not be before finishedAt.");
        }

        return f.Failed ? null : new TelemetryEvent(position, source, eventId, EventTypes.Deployment, new DeploymentEvent
        {
            Source = source,
            EventId = eventId,
            TeamId = team!.Id,
            Service = service!,
            Environment = environment!,
            Status = status!,
            StartedAt = started!.Value,
            FinishedAt = finished!.Value,
            LeadTimeMinutes = (int?)leadTime,
            CausedIncident = incident,
            RestoredAt = restored,
        });
    }

    private TelemetryEvent? AiUsage(EventFields f, int position, string source, string eventId)
    {
        var person = Person(f);
        var tool = Tool(f);
        var model = f.String("model", maxLength: 100);
        var occurred = f.Timestamp("occurredAt");
        var kind = f.Enum("kind", UsageKinds);
        var input = f.Integer("inputTokens", 0, 100_000_000);
        var output = f.Integer("outputTokens", 0, 100_000_000);
        return f.Failed ? null : new TelemetryEvent(position, source, eventId, EventTypes.AiUsage, new AiUsageEvent
        {
            Source = source,
            EventId = eventId,
            PersonKey = person!,
            Tool = tool!,
            Model = model!,
            OccurredAt = occurred!.Value,
            Kind = kind!,
            InputTokens = input!.Value,
            OutputTokens = output!.Value,
        });
    }

    private TelemetryEvent? ToolAccess(EventFields f, int position, string source, string eventId)
    {
        var person = Person(f);
        var tool = Tool(f);
        var granted = f.Timestamp("grantedAt");
        var revoked = f.Timestamp("revokedAt", required: false);
        if (!f.Failed && revoked < granted)
        {
            f.Fail("revokedAt", IngestErrorCodes.TimeOrder, "revokedAt must not be before grantedAt.");
        }

        return f.Failed ? null : new TelemetryEvent(position, source, eventId, EventTypes.ToolAccess, new ToolAccessEvent
        {
            Source = source,
            EventId = eventId,
            PersonKey = person!,
            Tool = tool!,
            GrantedAt = granted!.Value,
            RevokedAt = revoked,
        });
    }

    private TelemetryEvent? Survey(EventFields f, int position, string source, string eventId)
    {
        var person = Person(f);
        var tool = Tool(f);
        var score = f.Integer("score", 0, 10);
        var submitted = f.Timestamp("submittedAt");
        return f.Failed ? null : new TelemetryEvent(position, source, eventId, EventTypes.SurveyResponse, new SurveyResponseEvent
        {
            Source = source,
            EventId = eventId,
            PersonKey = person!,
            Tool = tool!,
            Score = (int)score!.Value,
            SubmittedAt = submitted!.Value,
        });
    }

    private OrgUnitCommand? OrgUnitEvent(EventFields f, int position, string source, string eventId, OrgDirectory directory)
    {
        var externalId = f.String("externalId");
        var name = f.String("name");
        var kind = f.Enum("kind", OrgUnitKinds.All);
        var parent = f.String("parent", required: kind is not null && kind != OrgUnitKinds.Company);
        var effectiveFrom = f.Date("effectiveFrom", required: false);
        var today = DateOnly.FromDateTime(now);
        if (!f.Failed && kind == OrgUnitKinds.Company && parent is not null)
        {
            f.Fail("parent", IngestErrorCodes.InvalidValue, "A COMPANY unit is the root and has no parent.");
        }

        if (!f.Failed && effectiveFrom > today)
        {
            f.Fail("effectiveFrom", IngestErrorCodes.InvalidValue, $"effectiveFrom ({effectiveFrom:yyyy-MM-dd}) lies in the future: send the change on the day it takes effect.");
        }

        var parentUnit = parent is null || f.Failed ? null : directory.Find(parent);
        var existing = externalId is null ? null : directory.Find(externalId);
        if (!f.Failed && parent is not null && parentUnit is null)
        {
            f.Fail("parent", IngestErrorCodes.UnknownOrgUnit, $"parent '{parent}' is not a known org unit: load it with an org_unit event first.");
        }
        else if (!f.Failed && parentUnit is not null && (parent == externalId || (existing is not null && parentUnit.Path.StartsWith(existing.Path, StringComparison.Ordinal))))
        {
            f.Fail("parent", IngestErrorCodes.InvalidValue, $"'{parent}' lies below '{externalId}': a unit cannot be moved under itself.");
        }
        else if (!f.Failed && parentUnit?.Kind == OrgUnitKinds.Team)
        {
            f.Fail("parent", IngestErrorCodes.InvalidValue, $"parent '{parent}' is a TEAM; teams have no units below them.");
        }
        else if (!f.Failed && kind == OrgUnitKinds.Company && directory.Companies().FirstOrDefault(c => c.ExternalId != externalId) is { } root)
        {
            f.Fail("kind", IngestErrorCodes.SecondRoot, $"'{root.ExternalId}' is already the COMPANY: the tree has one root; make '{externalId}' an ORG under it.");
        }
        else if (!f.Failed && existing is not null && existing.Kind != kind)
        {
            KindChange(f, existing, kind!, effectiveFrom ?? today, directory);
        }

        return f.Failed ? null : new OrgUnitCommand(position, source, eventId, externalId!, name!, kind!, parent, effectiveFrom);
    }

    /// <summary>A unit may change kind only when nothing hangs on what it was: a team's members, an org's units, the company's place as root.</summary>
    private static void KindChange(EventFields f, OrgUnit existing, string kind, DateOnly from, OrgDirectory directory)
    {
        if (existing.Kind == OrgUnitKinds.Company)
        {
            f.Fail("kind", IngestErrorCodes.KindChangeOrphans, $"'{existing.ExternalId}' is the COMPANY, the root of the tree: it stays one.");
        }
        else if (existing.Kind == OrgUnitKinds.Team && directory.HasMembersFrom(existing.Id, from))
        {
            f.Fail("kind", IngestErrorCodes.KindChangeOrphans,
                $"'{existing.ExternalId}' is a TEAM with memberships valid on or after {from:yyyy-MM-dd}: as a {kind} it would leave them without a team. End or move them (membership events with validTo) first.");
        }
        else if (kind == OrgUnitKinds.Team && directory.HasChildren(existing.Id))
        {
            f.Fail("kind", IngestErrorCodes.KindChangeOrphans,
                $"'{existing.ExternalId}' has units below it: as a TEAM it could not hold them. Move them under another unit first.");
        }
    }

    private AssignmentCommand? Assignment(EventFields f, int position, string source, string eventId, string type, OrgDirectory directory)
    {
        var person = Person(f);
        var unit = type == EventTypes.Membership ? Unit(f, "team", directory, mustBeTeam: true) : Unit(f, "orgUnit", directory, mustBeTeam: false);
        var from = f.Date("validFrom");
        var to = f.Date("validTo", required: false);
        if (!f.Failed && to <= from)
        {
            f.Fail("validTo", IngestErrorCodes.TimeOrder, "validTo (the first day after) must be later than validFrom.");
        }

        return f.Failed ? null : new AssignmentCommand(position, source, eventId, type, person!, unit!.Id, from!.Value, to);
    }

    private string? Person(EventFields f)
    {
        var identifier = f.String("person", maxLength: 320);
        return identifier is null ? null : pseudonymiser.Pseudonymise(identifier);
    }

    private string? Tool(EventFields f)
    {
        var name = f.String("tool", maxLength: 100);
        if (name is null)
        {
            return null;
        }

        var known = knownTools.FirstOrDefault(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            f.Fail("tool", IngestErrorCodes.UnknownTool, $"tool '{name}' is not a known tool ({string.Join(", ", knownTools)}); add it to Ingestion:KnownTools first.");
        }

        return known;
    }

    private static OrgUnit? Unit(EventFields f, string field, OrgDirectory directory, bool mustBeTeam)
    {
        var externalId = f.String(field);
        if (externalId is null)
        {
            return null;
        }

        var unit = directory.Find(externalId);
        if (unit is null || (mustBeTeam && unit.Kind != OrgUnitKinds.Team))
        {
            f.Fail(field, mustBeTeam ? IngestErrorCodes.UnknownTeam : IngestErrorCodes.UnknownOrgUnit,
                unit is null
                    ? $"{field} '{externalId}' is not a known {(mustBeTeam ? "team" : "org unit")}: load it with an org_unit event first."
                    : $"{field} '{externalId}' is a {unit.Kind}, not a TEAM.");
            return null;
        }

        return unit;
    }
}
