using MetricsApi.Features.Ingestion.Events;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MetricsApi.Tests.Data;

/// <summary>
/// Lineage's delivery figures now come from <c>source_deliveries</c>, kept per chunk. A database
/// that ingested before the table existed gets it filled from its ledger by the migration, so
/// lineage shows the same numbers before and after the upgrade.
/// </summary>
public abstract class SourceDeliveriesMigrationTests(DatabaseKind kind)
{
    [Fact]
    public async Task UpgradingADatabaseCountsItsExistingLedgerIntoTheSummary()
    {
        var connectionString = await StandaloneDatabase.CreateAsync(kind);
        await using var db = StandaloneDatabase.Open(kind, connectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("EventReceivedAt");
        var early = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var late = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        db.AddRange(
            new IngestedEvent { Source = "claude", EventId = "u-1", Type = "ai_usage", IngestedAt = early },
            new IngestedEvent { Source = "claude", EventId = "u-2", Type = "ai_usage", IngestedAt = late },
            new IngestedEvent { Source = "claude", EventId = "s-1", Type = "survey_response", IngestedAt = early },
            new IngestedEvent { Source = "kiro", EventId = "u-1", Type = "ai_usage", IngestedAt = early });
        await db.SaveChangesAsync();

        await migrator.MigrateAsync();

        var summary = await db.Set<SourceDelivery>().AsNoTracking().OrderBy(d => d.Source).ThenBy(d => d.Type).ToListAsync();
        Assert.Equal(
            [("claude", "ai_usage", 2L, late), ("claude", "survey_response", 1L, early), ("kiro", "ai_usage", 1L, early)],
            summary.Select(d => (d.Source, d.Type, d.EventCount, d.LastSeen)));
        StandaloneDatabase.ReleaseConnections(kind, connectionString);
    }
}

public sealed class SourceDeliveriesMigrationTestsOnSqlite() : SourceDeliveriesMigrationTests(DatabaseKind.Sqlite);

public sealed class SourceDeliveriesMigrationTestsOnPostgreSql() : SourceDeliveriesMigrationTests(DatabaseKind.PostgreSql);
