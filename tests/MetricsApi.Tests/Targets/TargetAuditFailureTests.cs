using MetricsApi.Targets.Define;
using MetricsApi.Tests.Features.Ingestion;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Targets;

/// <summary>Invariant 6 for targets: no progress leaves and no target change stays when its audit entry cannot be written.</summary>
public abstract class TargetAuditFailureTests(DatabaseKind kind)
{
    [Fact]
    public async Task NothingLeavesAndNothingChangesWhenTheAuditLogFails()
    {
        await using var app = await TargetData.StartAsync(kind);
        (await app.Leo().CreateTargetAsync(TargetClient.Input("fails-closed", "org-fast"))).Ok("createTarget");
        await app.BreakAuditInsertsAsync();

        var progress = await app.Leo().ProgressAsync("fails-closed");
        var revise = await app.Leo().ReviseTargetAsync(TargetClient.Input("fails-closed", "org-fast", multiple: 2, reason: "r"));

        Assert.Equal((503, "AUDIT_UNAVAILABLE"), (progress.Status, progress.FirstCode));
        Assert.Null(progress.Data);
        Assert.Equal((503, "AUDIT_UNAVAILABLE"), (revise.Status, revise.FirstCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<TargetVersion>().CountAsync(t => t.TargetKey == "fails-closed")));
    }

    [Fact]
    public async Task AWrittenVersionNeverChanges()
    {
        await using var app = await MetricsApiFactory.CreateAsync(kind);
        await app.Ingestor().PostNdjsonAsync(TargetData.Events()[..30]);
        (await app.Ana().CreateTargetAsync(TargetClient.Input("immutable", "org-fast"))).Ok("createTarget");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var version = await db.Set<TargetVersion>().SingleAsync(t => t.TargetKey == "immutable");
            version.GoalValue = 10;
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("never changes", error.Message, StringComparison.Ordinal);
    }
}

public sealed class TargetAuditFailureTestsOnSqlite() : TargetAuditFailureTests(DatabaseKind.Sqlite);

public sealed class TargetAuditFailureTestsOnPostgreSql() : TargetAuditFailureTests(DatabaseKind.PostgreSql);
