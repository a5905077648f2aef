namespace MetricsApi.Features.Audit;

/// <summary>
/// Queues this instance's appenders in memory so they do not all wait on the database lock. It is
/// per instance on purpose: across instances the chain-head row lock alone keeps the chain linear.
/// </summary>
public sealed class AuditAppendGate : IDisposable
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);

    public void Dispose() => Semaphore.Dispose();
}
