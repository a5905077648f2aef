using MetricsApi.Data;
using MetricsApi.Features.Ingestion.Events;
using Microsoft.EntityFrameworkCore;

namespace MetricsApi.Releases.Publish;

/// <summary>
/// The day of the first event the service holds (each event table's time index gives it at once):
/// periods that end before it are outside the release window, like periods before retention. Data
/// loaded later for earlier periods moves it back, and those periods become due. Kept for the request.
/// </summary>
public sealed class FirstData(MetricsDbContext db)
{
    private (bool Known, DateOnly? Day) _first;

    public async Task<DateOnly?> DayAsync(CancellationToken cancellationToken)
    {
        if (!_first.Known)
        {
            DateTime?[] starts =
            [
                await db.Set<DeploymentEvent>().MinAsync(e => (DateTime?)e.FinishedAt, cancellationToken).ConfigureAwait(false),
                await db.Set<AiUsageEvent>().MinAsync(e => (DateTime?)e.OccurredAt, cancellationToken).ConfigureAwait(false),
                await db.Set<ToolAccessEvent>().MinAsync(e => (DateTime?)e.GrantedAt, cancellationToken).ConfigureAwait(false),
                await db.Set<SurveyResponseEvent>().MinAsync(e => (DateTime?)e.SubmittedAt, cancellationToken).ConfigureAwait(false),
            ];
            _first = (true, starts.Where(s => s is not null).Min() is { } first ? DateOnly.FromDateTime(first) : null);
        }

        return _first.Day;
    }
}
