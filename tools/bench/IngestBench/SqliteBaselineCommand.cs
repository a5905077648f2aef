using System.Diagnostics;
using System.Globalization;
using MetricsApi.Data;
using Microsoft.Data.Sqlite;

namespace MetricsApi.Tools.Bench;

/// <summary>
/// The SQLite baseline: the rows the API stored for source <c>bench</c> (events and their ledger
/// entries), written by hand into a freshly migrated database in one transaction with one prepared
/// statement per table, as fast as Microsoft.Data.Sqlite goes. Everything else the source holds (org
/// units, warm-up rows) is copied first, untimed, so both databases hold the same data.
/// Prints events per second.
/// </summary>
public static class SqliteBaselineCommand
{
    private static readonly (string Table, string Columns)[] Tables =
    [
        ("ai_usage", "source, event_id, person_key, tool, model, occurred_at, kind, input_tokens, output_tokens, received_at"),
        ("deployments", "source, event_id, team_id, service, environment, status, started_at, finished_at, lead_time_minutes, caused_incident, restored_at, received_at"),
        ("ingested_events", "source, event_id, type, ingested_at"),
    ];

    public static int Run(string source, string target)
    {
        MigrateAsync(target).GetAwaiter().GetResult();
        using var connection = new SqliteConnection($"Data Source={target}");
        connection.Open();
        Execute(connection, $"ATTACH DATABASE '{source.Replace("'", "''", StringComparison.Ordinal)}' AS src");
        Execute(connection, "INSERT INTO org_units SELECT * FROM src.org_units");
        foreach (var (table, columns) in Tables)
        {
            Execute(connection, $"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM src.{table} WHERE source <> 'bench'");
        }

        var rows = Tables.Select(t => (t.Table, t.Columns, Rows: Read(connection, t.Table, t.Columns))).ToList();
        Execute(connection, "DETACH DATABASE src");
        var events = rows.Single(r => r.Table == "ingested_events").Rows.Count;

        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var (table, columns, values) in rows)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                var names = columns.Split(", ");
                insert.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
                var parameters = names.Select((_, i) => insert.Parameters.AddWithValue("$p" + i, DBNull.Value)).ToArray();
                foreach (var row in values)
                {
                    for (var i = 0; i < row.Length; i++)
                    {
                        parameters[i].Value = row[i];
                    }

                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        clock.Stop();
        Console.WriteLine((events / clock.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"{events} events in {clock.Elapsed.TotalSeconds:F2} s");
        return 0;
    }

    private static List<object[]> Read(SqliteConnection connection, string table, string columns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM src.{table} WHERE source = 'bench'";
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task MigrateAsync(string target)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            Args = [$"--ConnectionStrings:Metrics=Data Source={target}", $"--Storage:DataDirectory={Path.GetDirectoryName(Path.GetFullPath(target))}"],
        });
        builder.Logging.ClearProviders();
        builder.AddMetricsDatabase();
        await using var app = builder.Build();
        await app.MigrateMetricsDatabaseAsync();
    }
}
