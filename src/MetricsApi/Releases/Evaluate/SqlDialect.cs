using MetricsApi.Data;
using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Evaluate;

/// <summary>
/// The few expressions that differ between the providers: period starts, days, temporary tables and the
/// minutes between two timestamps. Everything else the evaluator writes is portable SQL.
/// </summary>
public sealed class SqlDialect(DatabaseProvider provider)
{
    /// <summary>A typed NULL of the text type (PostgreSQL will not group by an untyped NULL).</summary>
    public string NullText => provider == DatabaseProvider.SqlServer ? "CAST(NULL AS nvarchar(200))" : "CAST(NULL AS TEXT)";

    /// <summary>
    /// Whether derived tables the batch joins many times must be written to an indexed temporary table
    /// first: SQLite evaluates a derived table inside a correlated subquery again for every outer row.
    /// </summary>
    public bool MaterialisesDerivedTables => provider == DatabaseProvider.Sqlite;

    /// <summary>A session-local temporary table's name.</summary>
    public string TempTable(string name) => provider == DatabaseProvider.SqlServer ? "#" + name : name;

    /// <summary>
    /// Statements that (re)fill a session-local temporary table of integer pairs, indexed by its first
    /// column. The values are integers this service computed, written as literals (no parameter limit).
    /// </summary>
    public IEnumerable<string> WriteTempPairs(string name, string first, string second, IEnumerable<(int A, int B)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        yield return provider switch
        {
            DatabaseProvider.Sqlite => $"CREATE TEMP TABLE IF NOT EXISTS {name} ({first} INTEGER NOT NULL, {second} INTEGER NOT NULL); " +
                $"CREATE INDEX IF NOT EXISTS temp.{name}_{first} ON {name} ({first}); DELETE FROM {name};",
            DatabaseProvider.PostgreSql => $"CREATE TEMP TABLE IF NOT EXISTS {name} ({first} integer NOT NULL, {second} integer NOT NULL); " +
                $"CREATE INDEX IF NOT EXISTS {name}_{first} ON {name} ({first}); TRUNCATE {name};",
            _ => $"IF OBJECT_ID('tempdb..#{name}') IS NULL CREATE TABLE #{name} ({first} int NOT NULL, {second} int NOT NULL); TRUNCATE TABLE #{name};",
        };
        foreach (var chunk in pairs.Chunk(1000))
        {
            yield return $"INSERT INTO {TempTable(name)} ({first}, {second}) VALUES " +
                string.Join(", ", chunk.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({p.A}, {p.B})"))) + ";";
        }

        if (provider == DatabaseProvider.PostgreSql)
        {
            // Temporary tables get no statistics from autovacuum; without them the planner guesses.
            yield return $"ANALYZE {name};";
        }
    }

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

    /// <summary>Whole seconds between two timestamps divided into minutes, exactly on every provider.</summary>
    public string MinutesBetween(string from, string to) => provider switch
    {
        DatabaseProvider.Sqlite => $"((CAST(strftime('%s', {to}) AS INTEGER) - CAST(strftime('%s', {from}) AS INTEGER)) / 60.0)",
        DatabaseProvider.PostgreSql => $"(EXTRACT(EPOCH FROM ({to} - {from})) / 60.0)",
        _ => $"(DATEDIFF_BIG(second, {from}, {to}) / 60.0)",
    };
}
