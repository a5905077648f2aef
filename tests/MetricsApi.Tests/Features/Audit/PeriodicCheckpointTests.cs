using MetricsApi.Features.Audit.Checkpoints;
using MetricsApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Tests.Features.Audit;

/// <summary>Every <c>Audit:CheckpointInterval</c> the service signs the head, once per log size.</summary>
public sealed class PeriodicCheckpointTests : IAsyncLifetime
{
    private MetricsApiFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MetricsApiFactory.CreateAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Catalogue:PublishStandard"] = "false",
            ["Audit:CheckpointInterval"] = "00:00:00.200",
        });
        _ = _app.Server;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<List<long>> CheckpointSequencesAsync() =>
        _app.WithDbAsync(db => db.Set<AuditCheckpoint>().OrderBy(c => c.Sequence).Select(c => c.Sequence).ToListAsync());

    private async Task<List<long>> WaitForCheckpointAtAsync(long sequence)
    {
        var sequences = await CheckpointSequencesAsync();
        for (var i = 0; i < 50 && !sequences.Contains(sequence); i++)
        {
            await Task.Delay(100);
            sequences = await CheckpointSequencesAsync();
        }

        return sequences;
    }

    [Fact]
    public async Task HeadIsSignedPeriodicallyWhenTheLogGrowsAndNotAgainWhileItDoesNot()
    {
        await _app.DeniedRequestAsync();
        Assert.Contains(1L, await WaitForCheckpointAtAsync(1));

        // Five more ticks without new entries: no new checkpoint (0 may exist from a tick before the first entry).
        await Task.Delay(1000);
        var quiet = await CheckpointSequencesAsync();
        Assert.All(quiet, s => Assert.True(s <= 1, string.Join(",", quiet)));
        Assert.Single(quiet, s => s == 1);

        await _app.DeniedRequestAsync("second");
        Assert.Contains(2L, await WaitForCheckpointAtAsync(2));
    }
}
