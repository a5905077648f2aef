using Microsoft.Extensions.Options;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// The background builder. Every instance runs it; a pass starts when woken (publication, policy
/// change, revision request) or after <see cref="ReleaseOptions.IntervalSeconds"/>, and works only while
/// it holds the <see cref="BuilderLease"/>: revisions first, then every due period newest first, renewing
/// the lease between periods. A crash leaves no partial release (each period is one transaction) and
/// the next pass, here or on another instance, completes the work.
/// </summary>
public sealed class ReleaseScheduler(IServiceScopeFactory scopes, ReleaseSignal signal, IOptions<ReleaseOptions> options, ILogger<ReleaseScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPassAsync(scopes, TimeSpan.FromSeconds(settings.LeaseSeconds), TimeSpan.FromSeconds(settings.SettleSeconds), waitToSettle: false, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The builder must survive a failed pass (database restart, …) and try again later.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Releases: the build pass failed; it is retried on the next pass.");
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(settings.IntervalSeconds), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One pass: take the lease, carry out revision requests, build what is due, count late records, give the lease back.</summary>
    public static async Task<int> RunPassAsync(IServiceScopeFactory scopes, TimeSpan leaseDuration, TimeSpan settle, bool waitToSettle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var lease = services.GetRequiredService<BuilderLease>();
        if (!await lease.TryAcquireAsync(leaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            var written = await services.GetRequiredService<ReleaseRevisions>().ReviseWaitingAsync(cancellationToken).ConfigureAwait(false);
            written += await services.GetRequiredService<ReleaseBuilder>().BuildDueAsync(ct => lease.TryAcquireAsync(leaseDuration, ct), settle, waitToSettle, cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<LateRecords>().CountAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
        finally
        {
            await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
