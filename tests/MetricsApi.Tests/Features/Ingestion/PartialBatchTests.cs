using MetricsApi.Features.Ingestion;
using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Features.Org;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MetricsApi.Tests.Features.Ingestion.TestEvents;

namespace MetricsApi.Tests.Features.Ingestion;

/// <summary>Valid events are stored when others in the same batch are rejected.</summary>
public abstract class PartialBatchTests(DatabaseKind kind) : IngestionTestBase(kind)
{
    [Fact]
    public async Task NdjsonStoresTheValidEventsOfEveryTypeAndRejectsTheInvalidOnes()
    {
        var response = await Ingestor.PostNdjsonAsync(
            OrgUnit("acme", "COMPANY", null),
            OrgUnit("team-x", "TEAM", "nowhere"),
            OrgUnit("org-eng", "ORG", "acme"),
            OrgUnit("team-a", "TEAM", "org-eng"),
            Deployment("d-1"),
            Deployment("d-2").With("status", "BROKEN"),
            AiUsage("u-1"),
            AiUsage("u-2").With("kind", "invocation"),
            ToolAccess("t-1"),
            Survey("s-1", score: 11),
            Survey("s-2"),
            Membership("m-1", team: "team-x"),
            Membership("m-2"),
            Manager("g-1"));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal((9, 0, 5), (response.Accepted, response.Duplicates, response.Rejected));
        Assert.Equal([2, 6, 8, 10, 12], response.Errors.Select(e => e!.Number("line")));
        Assert.Equal(
            [("parent", "UNKNOWN_ORG_UNIT"), ("status", "INVALID_VALUE"), ("kind", "INVALID_VALUE"), ("score", "OUT_OF_RANGE"), ("team", "UNKNOWN_TEAM")],
            response.Errors.Select(e => (e!.Text("field"), e!.Text("code"))));
        Assert.Equal((3, 1, 1, 1, 1, 1, 1), await CountsAsync());
    }

    [Fact]
    public async Task GraphQLStoresTheValidEventsAndRejectsTheInvalidOnes()
    {
        await SeedOrgAsync();

        var result = (await Ingestor.IngestAsync(
            Deployment("d-1"),
            Deployment("d-2").With("status", "BROKEN"),
            AiUsage("u-1"),
            ToolAccess("t-1").With("tool", "Cursor"),
            ToolAccess("t-2"),
            Survey("s-1", score: -1),
            Survey("s-2"),
            Membership("m-1"))).IngestResult();

        Assert.Equal((5, 0, 3), (result.Number("accepted"), result.Number("duplicates"), result.Number("rejected")));
        Assert.Equal([1, 3, 5], result["errors"]!.AsArray().Select(e => e!.Number("index")));
        Assert.Equal((4, 1, 1, 1, 1, 1, 0), await CountsAsync());
    }

    [Fact]
    public async Task StoredRowsHoldTheEventsValuesAndThePseudonymNotThePerson()
    {
        await SeedOrgAsync();

        await Ingestor.PostNdjsonAsync(Survey("s-1", score: 9), Deployment("d-1").With("leadTimeMinutes", 240).With("status", "ROLLED_BACK"));

        var pseudonym = App.Services.GetRequiredService<Pseudonymiser>().Pseudonymise(Person);
        var survey = await App.WithDbAsync(db => db.Set<SurveyResponseEvent>().SingleAsync());
        var deployment = await App.WithDbAsync(db => db.Set<DeploymentEvent>().SingleAsync());
        var teamA = await App.WithDbAsync(db => db.Set<OrgUnit>().SingleAsync(u => u.ExternalId == "team-a"));
        Assert.Equal((Source, "s-1", pseudonym, "Codex", 9, new DateTime(2026, 3, 2, 10, 15, 0, DateTimeKind.Utc)),
            (survey.Source, survey.EventId, survey.PersonKey, survey.Tool, survey.Score, survey.SubmittedAt));
        Assert.Equal((teamA.Id, "checkout", "production", "ROLLED_BACK", 240, false),
            (deployment.TeamId, deployment.Service, deployment.Environment, deployment.Status, deployment.LeadTimeMinutes, deployment.CausedIncident));
    }

    /// <summary>Rows of org_units, deployments, ai_usage, tool_access, survey_responses, memberships, unit_managers.</summary>
    private async Task<(int, int, int, int, int, int, int)> CountsAsync() => (
        await App.CountAsync<OrgUnit>(),
        await App.CountAsync<DeploymentEvent>(),
        await App.CountAsync<AiUsageEvent>(),
        await App.CountAsync<ToolAccessEvent>(),
        await App.CountAsync<SurveyResponseEvent>(),
        await App.CountAsync<Membership>(),
        await App.CountAsync<UnitManager>());
}

public sealed class PartialBatchTestsOnSqlite() : PartialBatchTests(DatabaseKind.Sqlite);

public sealed class PartialBatchTestsOnPostgreSql() : PartialBatchTests(DatabaseKind.PostgreSql);
