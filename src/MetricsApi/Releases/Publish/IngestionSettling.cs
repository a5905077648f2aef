namespace MetricsApi.Releases.Publish;

/// <summary>
/// Whether records of closed periods are still arriving. A release is built once; building a period
/// while its history is being loaded (a first import of a year of telemetry, a bulk HR sync) would
/// publish it half-empty for good. So the builder waits until nothing older than the grace has been
/// received for <see cref="ReleaseOptions.SettleSeconds"/>. Everyday telemetry is about the running
/// week and does not hold it back. Each table's <c>received_at</c>/<c>recorded_at</c> index keeps the
/// check to what arrived in the window.
/// </summary>
public sealed class IngestionSettling(PeriodQueries queries)
{
    /// <summary>When the last record of a closed period (older than <paramref name="historicalBefore"/>) arrived after <paramref name="since"/>; null when none did.</summary>
    public async Task<DateTime?> LastHistoricalArrivalAsync(DateTime since, DateTime historicalBefore, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object> { ["@since"] = since, ["@old"] = historicalBefore, ["@oldDay"] = DateOnly.FromDateTime(historicalBefore) };
        DateTime? last = null;
        void Read(System.Data.Common.DbDataReader r)
        {
            if (!r.IsDBNull(0))
            {
                var value = ReleasedSourceCounts.Timestamp(r.GetValue(0));
                last = last is { } known && known > value ? known : value;
            }
        }

        foreach (var (table, time) in new[] { ("deployments", "finished_at"), ("ai_usage", "occurred_at"), ("tool_access", "granted_at"), ("survey_responses", "submitted_at") })
        {
            await queries.ReadAsync($"SELECT MAX(e.received_at) FROM {table} e WHERE e.received_at > @since AND e.{time} < @old",
                DateOnly.MinValue, DateOnly.MinValue, parameters, Read, cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in new[] { "memberships", "org_unit_versions" })
        {
            await queries.ReadAsync($"SELECT MAX(m.recorded_at) FROM {table} m WHERE m.recorded_at > @since AND m.valid_from < @oldDay",
                DateOnly.MinValue, DateOnly.MinValue, parameters, Read, cancellationToken).ConfigureAwait(false);
        }

        return last is { } found ? DateTime.SpecifyKind(found, DateTimeKind.Utc) : null;
    }
}
