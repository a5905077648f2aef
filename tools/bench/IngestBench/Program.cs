using MetricsApi.Tools.Bench;

return args switch
{
    ["validate", var file, .. var rest] => await ValidateCommand.RunAsync(file, rest),
    ["sqlite-baseline", var source, var target] => SqliteBaselineCommand.Run(source, target),
    ["http-timing", var url, var token, var query, var count] => await HttpTimingCommand.RunAsync(url, token, query, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: IngestBench validate FILE.ndjson [passes]        events/s of reading, validating and pseudonymising, no database write
               IngestBench sqlite-baseline SOURCE.db TARGET.db  hand-written bulk insert of SOURCE's telemetry and ledger into TARGET, one transaction
               IngestBench http-timing URL TOKEN QUERY COUNT    median and p90 latency of a GraphQL query, sequential requests
        """);
    return 2;
}
