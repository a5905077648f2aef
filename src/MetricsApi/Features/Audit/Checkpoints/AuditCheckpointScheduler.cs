using Microsoft.Extensions.Options;

namespace MetricsApi.Features.Audit.Checkpoints;

/// <summary>
/// Makes a checkpoint every <c>Audit:CheckpointInterval</c> when the log has grown. Every instance
/// runs one; the checkpoints table holds one per log size, so they never duplicate. A failure
/// (database down, chain broken) is logged and tried again next interval, never fatal.
/// </summary>
public sealed class AuditCheckpointScheduler(IServiceScopeFactory scopes, IOptions<AuditCheckpointOptions> options, TimeProvider clock, ILogger<AuditCheckpointScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditCheckpointer>().CreateAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A periodic job logs every failure and tries again; it must not stop the server.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Making the periodic audit checkpoint failed; trying again in {Interval}.", interval);
            }
        }
    }
}
