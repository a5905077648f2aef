using MetricsApi.Data;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// The few expressions that differ between the providers: period starts, days, path prefixes and the
/// minutes between two timestamps. Everything else the evaluator writes is portable SQL.
/// </summary>
public sealed class SqlDialect(DatabaseProvider provider)
{
    /// <summary>A typed NULL of the text type (PostgreSQL will not group by an untyped NULL).</summary>
    public string NullText => provider == DatabaseProvider.SqlServer ? "CAST(NULL AS nvarchar(200))" : "CAST(NULL AS TEXT)";

    /// <summary>
    /// Makes a CTE computed once: otherwise SQLite inlines the path-prefix join into every event row.
    /// SQL Server has no such hint (and does not need it for its plans).
    /// </summary>
    public string Materialized => provider == DatabaseProvider.SqlServer ? "" : "MATERIALIZED ";

    /// <summary>The UTC day of a timestamp column.</summary>
    public string Day(string timestamp) => provider switch
    {
        DatabaseProvider.Sqlite => $"date({timestamp})",
        DatabaseProvider.PostgreSql => $"CAST({timestamp} AT TIME ZONE 'UTC' AS date)",
        _ => $"CAST({timestamp} AS date)",
    };

    /// <summary>The first day of the ISO week or calendar month (UTC) a timestamp falls in.</summary>
    public string PeriodStart(string timestamp, string grain) => (provider, grain) switch
    {
        (DatabaseProvider.Sqlite, Grains.Week) => $"date({timestamp}, 'weekday 0', '-6 days')",
        (DatabaseProvider.Sqlite, _) => $"date({timestamp}, 'start of month')",
        (DatabaseProvider.PostgreSql, Grains.Week) => $"CAST(date_trunc('week', {timestamp} AT TIME ZONE 'UTC') AS date)",
        (DatabaseProvider.PostgreSql, _) => $"CAST(date_trunc('month', {timestamp} AT TIME ZONE 'UTC') AS date)",
        (_, Grains.Week) => $"CAST(DATETRUNC(iso_week, {timestamp}) AS date)",
        _ => $"CAST(DATETRUNC(month, {timestamp}) AS date)",
    };

    /// <summary>True when <paramref name="prefix"/> is a leading part of <paramref name="path"/> (materialised paths).</summary>
    public string StartsWith(string path, string prefix) => provider switch
    {
        DatabaseProvider.Sqlite => $"substr({path}, 1, length({prefix})) = {prefix}",
        DatabaseProvider.PostgreSql => $"left({path}, length({prefix})) = {prefix}",
        _ => $"LEFT({path}, LEN({prefix})) = {prefix}",
    };

    /// <summary>Whole seconds between two timestamps divided into minutes, exactly on every provider.</summary>
    public string MinutesBetween(string from, string to) => provider switch
    {
        DatabaseProvider.Sqlite => $"((CAST(strftime('%s', {to}) AS INTEGER) - CAST(strftime('%s', {from}) AS INTEGER)) / 60.0)",
        DatabaseProvider.PostgreSql => $"(EXTRACT(EPOCH FROM ({to} - {from})) / 60.0)",
        _ => $"(DATEDIFF_BIG(second, {from}, {to}) / 60.0)",
    };
}
