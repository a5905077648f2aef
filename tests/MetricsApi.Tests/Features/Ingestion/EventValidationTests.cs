using System.Globalization;
using System.Text.Json.Nodes;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>
/// One invalid event between two valid ones: only it is rejected, with its line (NDJSON, 1-based)
/// or index (GraphQL, 0-based), its eventId, the field at fault and the code (docs/ingestion.md).
/// </summary>
public abstract class EventValidationTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    private static readonly string Tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Every case: a name, the invalid event (eventId "bad"), the field at fault, the code, and whether GraphQL's typed input can even carry it.</summary>
    private static readonly (string Name, JsonObject Event, string Field, string Code, bool GraphQL)[] Cases =
    [
        ("deployment without service", Deployment("bad").Without("service"), "service", "MISSING_FIELD", true),
        ("deployment with causedIncident as a string", Deployment("bad").With("causedIncident", "yes"), "causedIncident", "INVALID_TYPE", false),
        ("deployment with a negative lead time", Deployment("bad").With("leadTimeMinutes", -1), "leadTimeMinutes", "OUT_OF_RANGE", true),
        ("deployment of an unknown team", Deployment("bad", team: "team-x"), "team", "UNKNOWN_TEAM", true),
        ("deployment of an org, not a team", Deployment("bad", team: "org-eng"), "team", "UNKNOWN_TEAM", true),
        ("deployment finishing tomorrow", Deployment("bad").With("finishedAt", Tomorrow), "finishedAt", "FUTURE_TIMESTAMP", true),
        ("deployment finishing before it started", Deployment("bad").With("finishedAt", "2026-03-02T09:59:59Z"), "finishedAt", "TIME_ORDER", true),
        ("deployment restored before it finished", Deployment("bad").With("causedIncident", true).With("restoredAt", "2026-03-02T10:14:00Z"), "restoredAt", "TIME_ORDER", true),
        ("deployment with a tool", Deployment("bad").With("tool", "Kiro"), "tool", "UNKNOWN_FIELD", true),
        ("ai_usage without model", AiUsage("bad").Without("model"), "model", "MISSING_FIELD", true),
        ("ai_usage with inputTokens as a string", AiUsage("bad").With("inputTokens", "1200"), "inputTokens", "INVALID_TYPE", false),
        ("ai_usage with negative outputTokens", AiUsage("bad").With("outputTokens", -1), "outputTokens", "OUT_OF_RANGE", true),
        ("ai_usage of an unknown tool", AiUsage("bad").With("tool", "Copilot"), "tool", "UNKNOWN_TOOL", true),
        ("ai_usage occurring tomorrow", AiUsage("bad").With("occurredAt", Tomorrow), "occurredAt", "FUTURE_TIMESTAMP", true),
        ("ai_usage with a score", AiUsage("bad").With("score", 5), "score", "UNKNOWN_FIELD", true),
        ("tool_access without grantedAt", ToolAccess("bad").Without("grantedAt"), "grantedAt", "MISSING_FIELD", true),
        ("tool_access with grantedAt as a number", ToolAccess("bad").With("grantedAt", 20260105), "grantedAt", "INVALID_TYPE", false),
        ("tool_access of an unknown tool", ToolAccess("bad").With("tool", "Cursor"), "tool", "UNKNOWN_TOOL", true),
        ("tool_access granted tomorrow", ToolAccess("bad").With("grantedAt", Tomorrow), "grantedAt", "FUTURE_TIMESTAMP", true),
        ("tool_access revoked before it was granted", ToolAccess("bad").With("revokedAt", "2026-01-04T09:00:00Z"), "revokedAt", "TIME_ORDER", true),
        ("tool_access with a misspelt revokedAt", ToolAccess("bad").With("revokedOn", "2026-02-01T09:00:00Z"), "revokedOn", "UNKNOWN_FIELD", false),
        ("survey_response without score", Survey("bad").Without("score"), "score", "MISSING_FIELD", true),
        ("survey_response with score as a string", Survey("bad").With("score", "7"), "score", "INVALID_TYPE", false),
        ("survey_response with score 11", Survey("bad", score: 11), "score", "OUT_OF_RANGE", true),
        ("survey_response with score -1", Survey("bad", score: -1), "score", "OUT_OF_RANGE", true),
        ("survey_response of an unknown tool", Survey("bad").With("tool", "Kiro 2"), "tool", "UNKNOWN_TOOL", true),
        ("survey_response submitted tomorrow", Survey("bad").With("submittedAt", Tomorrow), "submittedAt", "FUTURE_TIMESTAMP", true),
        ("survey_response with a comment", Survey("bad").With("comment", "great"), "comment", "UNKNOWN_FIELD", false),
        ("survey_response with a model", Survey("bad").With("model", "sonnet"), "model", "UNKNOWN_FIELD", true),
        ("org_unit without name", OrgUnit("team-c", "TEAM", "org-eng", eventId: "bad").Without("name"), "name", "MISSING_FIELD", true),
        ("org_unit with name as a number", OrgUnit("team-c", "TEAM", "org-eng", eventId: "bad").With("name", 5), "name", "INVALID_TYPE", false),
        ("org_unit under an unknown parent", OrgUnit("team-c", "TEAM", "org-x", eventId: "bad"), "parent", "UNKNOWN_ORG_UNIT", true),
        ("org_unit with a team", OrgUnit("team-c", "TEAM", "org-eng", eventId: "bad").With("team", "team-a"), "team", "UNKNOWN_FIELD", true),
        ("membership without validFrom", Membership("bad").Without("validFrom"), "validFrom", "MISSING_FIELD", true),
        ("membership with team as a number", Membership("bad").With("team", 42), "team", "INVALID_TYPE", false),
        ("membership of an unknown team", Membership("bad", team: "team-x"), "team", "UNKNOWN_TEAM", true),
        ("membership ending the day it starts", Membership("bad", validFrom: "2026-01-01", validTo: "2026-01-01"), "validTo", "TIME_ORDER", true),
        ("membership with an orgUnit", Membership("bad").With("orgUnit", "org-eng"), "orgUnit", "UNKNOWN_FIELD", true),
        ("manager without person", Manager("bad").Without("person"), "person", "MISSING_FIELD", true),
        ("manager with validFrom as a number", Manager("bad").With("validFrom", 20260101), "validFrom", "INVALID_TYPE", false),
        ("manager of an unknown unit", Manager("bad", orgUnit: "org-x"), "orgUnit", "UNKNOWN_ORG_UNIT", true),
        ("manager with a team", Manager("bad").With("team", "team-a"), "team", "UNKNOWN_FIELD", true),
        ("event of an unknown type", Survey("bad").With("type", "survey"), "type", "UNKNOWN_TYPE", true),
        ("event without source", Survey("bad").Without("source"), "source", "MISSING_FIELD", true),
    ];

    /// <summary>The invalid events serialised once, so parallel tests never share a mutable <see cref="JsonObject"/>.</summary>
    private static readonly Dictionary<string, string> Serialised = Cases.ToDictionary(c => c.Name, c => c.Event.ToJsonString());

    private static (JsonObject Event, string Field, string Code) Case(string name)
    {
        var (_, _, field, code, _) = Cases.Single(c => c.Name == name);
        return (JsonNode.Parse(Serialised[name])!.AsObject(), field, code);
    }

    public static TheoryData<string> NdjsonCases => [.. Cases.Select(c => c.Name)];

    public static TheoryData<string> GraphQLCases => [.. Cases.Where(c => c.GraphQL).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(NdjsonCases))]
    public async Task NdjsonRejectsTheInvalidLineWithItsLineFieldAndCode(string name)
    {
        var (bad, field, code) = Case(name);
        await SeedOrgAsync();

        var response = await Ingestor.PostNdjsonAsync(Survey("ok-1"), bad, Survey("ok-3"));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((2, 0, 1), (response.Accepted, response.Duplicates, response.Rejected));
        var error = Assert.Single(response.Errors)!;
        Assert.Equal((2, "bad", field, code), (error.Number("line"), error.Text("eventId"), error.Text("field"), error.Text("code")));
        Assert.False(string.IsNullOrWhiteSpace(error.Text("message")));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Theory]
    [MemberData(nameof(GraphQLCases))]
    public async Task GraphQLRejectsTheInvalidEventWithItsIndexFieldAndCode(string name)
    {
        var (bad, field, code) = Case(name);
        await SeedOrgAsync();

        var result = (await Ingestor.IngestAsync(Survey("ok-0"), bad, Survey("ok-2"))).IngestResult();

        Assert.Equal((2, 0, 1), (result.Number("accepted"), result.Number("duplicates"), result.Number("rejected")));
        var error = Assert.Single(result["errors"]!.AsArray())!;
        Assert.Equal((1, "bad", field, code), (error.Number("index"), error.Text("eventId"), error.Text("field"), error.Text("code")));
        Assert.Equal(2, await App.CountAsync<SurveyResponseEvent>());
    }

    [Fact]
    public async Task KnownToolsAreMatchedCaseInsensitivelyAndStoredInTheirOwnSpelling()
    {
        var response = await Ingestor.PostNdjsonAsync(
            Survey("s-1").With("tool", "claude code"),
            AiUsage("u-1").With("tool", "KIRO"),
            ToolAccess("t-1").With("tool", "  meshclaw "));
        var viaGraphQL = (await Ingestor.IngestAsync(Survey("s-2").With("tool", "ai teammate"))).IngestResult();

        Assert.Equal((3, 0), (response.Accepted, response.Rejected));
        Assert.Equal((1, 0), (viaGraphQL.Number("accepted"), viaGraphQL.Number("rejected")));
        Assert.Equal(["AI Teammate", "Claude Code"], await App.WithDbAsync(db => db.Set<SurveyResponseEvent>().OrderBy(e => e.Tool).Select(e => e.Tool).ToListAsync()));
        Assert.Equal("Kiro", await App.WithDbAsync(db => db.Set<AiUsageEvent>().Select(e => e.Tool).SingleAsync()));
        Assert.Equal("MeshClaw", await App.WithDbAsync(db => db.Set<ToolAccessEvent>().Select(e => e.Tool).SingleAsync()));
    }
}

public sealed class EventValidationTestsOnSqlite() : EventValidationTests(DatabaseKind.Sqlite);

public sealed class EventValidationTestsOnPostgreSql() : EventValidationTests(DatabaseKind.PostgreSql);
