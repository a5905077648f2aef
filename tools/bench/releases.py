#!/usr/bin/env python3
"""Benchmarks of the release read path (issue 10), side by side in one run.

For one database (SQLite file or PostgreSQL connection string) filled by the generator, it:
  1. seeds the organisation unless it is already there (`seed --teams T --weeks W --usage-scale S`),
  2. starts the server (Release build, Development, background builder on) and times the backfill of
     every closed period for every standard metric, with the server's peak memory, and the build of
     one week's releases (from the builder's log),
  3. times, median of several runs after warm-up, through HTTP and as hand-written SQL:
       narrow  - a Manager's own team, 12 weeks, weekly_active_ai_users with its guardrails:
                 HTTP vs SQL over the raw events (primary suppression included) vs SQL over releases
       broad   - every team x 52 weeks of the same metric with guardrails: HTTP vs SQL over releases
     and checks that the SQL over raw events gives the numbers the API serves,
  4. optionally (--load) drives wrk with narrow reads and catalogue queries at concurrency 1, 8, 32.
Prints a JSON summary on the last line (for tools/bench/releases-table.py) and a readable report.

usage: tools/bench/releases.py --provider PostgreSql --connection "Host=...;Database=bench" [--teams 2100 --weeks 52]
       [--usage-scale 1] [--runs 5] [--load] [--keep-server]
Needs: dotnet, python3, curl; psql (PostgreSQL) or sqlite3 (SQLite); wrk for --load.
"""
import argparse, json, os, re, socket, statistics, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DLL = os.path.join(ROOT, "src/MetricsApi/bin/Release/net10.0/MetricsApi.dll")
GUARDRAILS = ["deployments_per_engineer_weekly", "change_failure_rate"]
METRIC = "weekly_active_ai_users"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Server:
    def __init__(self, args, data_dir, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.common = ["--contentRoot", os.path.join(ROOT, "src/MetricsApi"), f"--Storage:DataDirectory={data_dir}",
                       f"--Database:Provider={args.provider}", f"--ConnectionStrings:Metrics={args.connection}"]
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Development", Logging__LogLevel__Default="Warning",
                   Logging__LogLevel__MetricsApi="Information", **{"Logging__LogLevel__Microsoft.EntityFrameworkCore": "Warning"})
        self.log_path = os.path.join(data_dir, "server.log")
        self.log = open(self.log_path, "w")
        cmd = ["dotnet", DLL, *self.common, "--urls", self.url, "--Demo:Seed=false", "--Releases:IntervalSeconds=2", "--Releases:SettleSeconds=5", *extra]
        self.started = time.time()
        self.process = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.peak_kb = 0
        self._watch = threading.Thread(target=self._sample, daemon=True)
        self._watch.start()
        while True:
            try:
                urllib.request.urlopen(self.url + "/health/ready", timeout=2)
                break
            except Exception:
                if self.process.poll() is not None:
                    sys.exit("server exited:\n" + open(self.log_path).read()[-4000:])
                time.sleep(0.5)

    def _sample(self):
        # VmHWM is the process's own high-water mark; sampling it keeps the latest value.
        while self.process.poll() is None:
            try:
                for line in open(f"/proc/{self.process.pid}/status"):
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.5)

    def token(self, user, role):
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Development")
        return subprocess.check_output(["dotnet", DLL, "dev-token", *self.common, "--user", user, "--role", role, "--minutes", "600"], env=env, text=True).strip()

    def rss_mb(self):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def graphql(url, token, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(url + "/graphql", data=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        raw = response.read()
    elapsed = time.perf_counter() - start
    payload = json.loads(raw)
    if payload.get("errors"):
        sys.exit(f"GraphQL errors: {payload['errors'][:2]}")
    return payload["data"], elapsed, len(raw)


def median_of(fn, runs, warmup=2):
    for _ in range(warmup):
        fn()
    times = [fn() for _ in range(runs)]
    return statistics.median(times), times


class Sql:
    """Runs a query in the provider's own shell and returns the time it reports for the query alone."""

    def __init__(self, args):
        self.args = args
        if args.provider == "PostgreSql":
            parts = dict(p.split("=", 1) for p in args.connection.split(";") if "=" in p)
            self.env = dict(os.environ, PGHOST=parts.get("Host", "127.0.0.1"), PGPORT=parts.get("Port", "5432"),
                            PGUSER=parts.get("Username", "postgres"), PGPASSWORD=parts.get("Password", ""), PGDATABASE=parts.get("Database", "postgres"))
        else:
            self.file = re.sub(r"^Data Source=", "", args.connection).split(";")[0]

    def rows(self, sql):
        if self.args.provider == "PostgreSql":
            out = subprocess.check_output(["psql", "-X", "-q", "-A", "-t", "-F", "|", "-c", sql], env=self.env, text=True)
        else:
            out = subprocess.check_output(["sqlite3", "-separator", "|", self.file, sql], text=True)
        return [line.split("|") for line in out.strip().splitlines() if line]

    def time(self, sql):
        if self.args.provider == "PostgreSql":
            out = subprocess.run(["psql", "-X", "-q", "-o", "/dev/null", "-c", "\\timing on", "-c", sql], env=self.env, text=True, capture_output=True, check=True).stdout
            return float(re.findall(r"Time: ([0-9.]+) ms", out)[-1]) / 1000
        out = subprocess.run(["sqlite3", self.file], input=".timer on\n.output /dev/null\n" + sql + ";\n", text=True, capture_output=True, check=True).stdout
        return float(re.findall(r"Run Time: real ([0-9.]+)", out)[-1])


def week_starts(first, count):
    import datetime
    d = datetime.date.fromisoformat(first)
    return [(d + datetime.timedelta(days=7 * i)).isoformat() for i in range(count)]


def raw_sql(provider, team_id, weeks):
    """Hand-written: active share, deployments per engineer and change failure rate of one team, weekly, primary suppression included."""
    if provider == "PostgreSql":
        per = "SELECT d::date AS ps, (d + interval '7 day')::date AS pe FROM generate_series(date '%s', date '%s', interval '7 day') d" % (weeks[0], weeks[-1])
        day = "u.occurred_at::date"
        in_week = "u.occurred_at >= per.ps AND u.occurred_at < per.pe"
        dep_in_week = "e.finished_at >= per.ps AND e.finished_at < per.pe"
    else:
        per = " UNION ALL ".join(f"SELECT '{w}' AS ps, date('{w}', '+7 days') AS pe" for w in weeks)
        day = "date(u.occurred_at)"
        in_week = "u.occurred_at >= per.ps AND u.occurred_at < per.pe"
        dep_in_week = "e.finished_at >= per.ps AND e.finished_at < per.pe"
    return f"""
WITH per AS ({per}),
m AS (SELECT person_key, valid_from, valid_to FROM memberships WHERE superseded_at IS NULL AND team_id = {team_id}),
head AS (SELECT per.ps, COUNT(DISTINCT m.person_key) AS n FROM per JOIN m ON m.valid_from < per.pe AND (m.valid_to IS NULL OR m.valid_to > per.ps) GROUP BY per.ps),
active AS (SELECT per.ps, COUNT(DISTINCT u.person_key) AS a FROM per JOIN ai_usage u ON {in_week}
           JOIN m ON m.person_key = u.person_key AND m.valid_from <= {day} AND (m.valid_to IS NULL OR m.valid_to > {day}) GROUP BY per.ps),
deps AS (SELECT per.ps, SUM(CASE WHEN e.caused_incident THEN 1 ELSE 0 END) AS i, COUNT(*) AS d FROM per JOIN deployments e ON e.team_id = {team_id} AND {dep_in_week}
         AND e.environment = 'production' AND e.status = 'SUCCEEDED' GROUP BY per.ps)
SELECT per.ps,
  CASE WHEN COALESCE(head.n, 0) < 5 OR COALESCE(active.a, 0) BETWEEN 1 AND 4 THEN NULL ELSE ROUND(1.0 * COALESCE(active.a, 0) / head.n, 6) END,
  CASE WHEN COALESCE(head.n, 0) < 5 THEN NULL ELSE ROUND(1.0 * COALESCE(deps.d, 0) / head.n, 6) END,
  CASE WHEN COALESCE(head.n, 0) < 5 OR COALESCE(deps.d, 0) = 0 THEN NULL ELSE ROUND(1.0 * deps.i / deps.d, 6) END
FROM per LEFT JOIN head ON head.ps = per.ps LEFT JOIN active ON active.ps = per.ps LEFT JOIN deps ON deps.ps = per.ps ORDER BY per.ps"""


def release_sql(weeks, team_id=None):
    """Hand-written over the release tables: the newest release of each metric and week, its cells of the team level."""
    keys = ", ".join(f"'{k}'" for k in [METRIC, *GUARDRAILS])
    unit = f" AND c.unit_id = {team_id}" if team_id is not None else ""
    return f"""
SELECT r.metric_key, r.period_start, c.unit_id, c.value, c.reason, c.people
FROM release_cells c JOIN releases r ON r.id = c.release_id
WHERE r.id IN (SELECT MAX(id) FROM releases WHERE metric_key IN ({keys}) AND grain = 'WEEK' AND period_start BETWEEN '{weeks[0]}' AND '{weeks[-1]}' GROUP BY metric_key, period_start)
  AND c.level = 'TEAM' AND c.dimension = ''{unit}"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider", required=True, choices=["Sqlite", "PostgreSql"])
    parser.add_argument("--connection", required=True)
    parser.add_argument("--teams", type=int, default=2100)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--usage-scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end", default=None, help="generator end (a Monday); default this week's Monday")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--skip-broad", action="store_true")
    args = parser.parse_args()
    result = {"provider": args.provider, "teams": args.teams, "weeks": args.weeks, "usageScale": args.usage_scale}

    subprocess.check_call(["dotnet", "build", "-c", "Release", "-clp:ErrorsOnly", "-nologo", os.path.join(ROOT, "src/MetricsApi")], stdout=subprocess.DEVNULL)
    data_dir = tempfile.mkdtemp(prefix="bench-releases-")
    sql = Sql(args)
    common = ["--contentRoot", os.path.join(ROOT, "src/MetricsApi"), f"--Storage:DataDirectory={data_dir}",
              f"--Database:Provider={args.provider}", f"--ConnectionStrings:Metrics={args.connection}"]
    seeded = False
    try:
        seeded = int(sql.rows("SELECT COUNT(*) FROM org_units")[0][0]) > 0
    except subprocess.CalledProcessError:
        pass
    if not seeded:
        log(f"seeding {args.teams} teams x {args.weeks} weeks (usage x{args.usage_scale}) ...")
        start = time.time()
        cmd = ["dotnet", DLL, "seed", *common, "--teams", str(args.teams), "--weeks", str(args.weeks), "--seed", str(args.seed), "--usage-scale", str(args.usage_scale)]
        if args.end:
            cmd += ["--end", args.end]
        subprocess.check_call(cmd, env=dict(os.environ, ASPNETCORE_ENVIRONMENT="Development"), stdout=sys.stderr)
        result["seedSeconds"] = round(time.time() - start, 1)
    result["events"] = sum(int(sql.rows(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in ["ai_usage", "deployments", "tool_access", "survey_responses"])

    server = Server(args, data_dir)
    try:
        steward = server.token("bench-steward", "MetricSteward")
        # 1. backfill: wait until no period is pending or due.
        status_query = "query($g: Grain!, $from: DateOnly!, $to: DateOnly!) { releaseStatus(grain: $g, from: $from, to: $to) { state } }"
        import datetime
        today = datetime.date.today()
        start_day = (today - datetime.timedelta(days=7 * args.weeks + 14)).isoformat()
        while True:
            pending = 0
            for grain in ["WEEK", "MONTH"]:
                data, _, _ = graphql(server.url, steward, status_query, {"g": grain, "from": start_day, "to": today.isoformat()})
                pending += sum(1 for s in data["releaseStatus"] if s["state"] == "PENDING")
            if pending == 0:
                break
            time.sleep(2)
        log_text = open(server.log_path).read()
        stage_re = r"Releases: (WEEK|MONTH) (\S+) built \(\d+/\d+\): \d+ releases in ([0-9.]+) s(?: \(evaluation SQL ([0-9.]+) s, disclosure control ([0-9.]+) s, write ([0-9.]+) s\))?"
        matches = list(re.finditer(stage_re, log_text))
        builds = [(m.group(1), float(m.group(3))) for m in matches]
        for grain in ["WEEK", "MONTH"]:
            staged = [m for m in matches if m.group(1) == grain and m.group(4)]
            if staged:
                result[grain.lower() + "Stages"] = {name: round(statistics.median(float(m.group(i)) for m in staged), 2) for name, i in [("sql", 4), ("disclosure", 5), ("write", 6)]}
        result["backfillSeconds"] = round(time.time() - server.started, 1) if builds else 0
        result["periodsBuilt"] = len(builds)
        result["weekBuildSeconds"] = round(statistics.median([s for g, s in builds if g == "WEEK"]), 2) if builds else None
        result["monthBuildSeconds"] = round(statistics.median([s for g, s in builds if g == "MONTH"]), 2) if any(g == "MONTH" for g, _ in builds) else None
        result["backfillPeakMB"] = round(server.peak_kb / 1024)
        result["releaseCells"] = int(sql.rows("SELECT COUNT(*) FROM release_cells")[0][0])
        log(f"backfill: {result}")

        # The narrow read: a Manager of team-0001 (the assignment is loaded like any HR record).
        ingestor = server.token("bench-feed", "Ingestor")
        oid = json.loads(__import__("base64").urlsafe_b64decode(server.token("bench-manager", "Manager").split(".")[1] + "==="))["oid"]
        line = json.dumps({"type": "manager", "eventId": "bench-manager-" + oid, "source": "bench", "person": oid, "orgUnit": "team-0001", "validFrom": "2020-01-01"})
        urllib.request.urlopen(urllib.request.Request(server.url + "/ingest/events", data=line.encode(), headers={"Authorization": "Bearer " + ingestor, "Content-Type": "application/x-ndjson"})).read()
        manager = server.token("bench-manager", "Manager")
        analyst = server.token("bench-analyst", "Analyst")
        team_id = int(sql.rows("SELECT id FROM org_units WHERE external_id = 'team-0001'")[0][0])
        last = sql.rows(f"SELECT MAX(period_start) FROM releases WHERE grain = 'WEEK' AND metric_key = '{METRIC}'")[0][0]
        last = last[:10]
        all_weeks = week_starts(sql.rows(f"SELECT MIN(period_start) FROM releases WHERE grain = 'WEEK' AND metric_key = '{METRIC}'")[0][0][:10], 200)
        all_weeks = [w for w in all_weeks if w <= last]
        narrow_weeks = all_weeks[-12:]
        broad_weeks = all_weeks[-52:]
        fields = "points { groupId periodStart value suppressed suppressionReason releaseId } guardrails { metric points { groupId periodStart value suppressed } } provenance { pointsSuppressed }"
        narrow_q = f'{{ metricValues(metric: "{METRIC}", purpose: TEAM_IMPROVEMENT, period: {{grain: WEEK, from: "{narrow_weeks[0]}", to: "{narrow_weeks[-1]}"}}) {{ {fields} }} }}'
        broad_q = f'{{ metricValues(metric: "{METRIC}", purpose: PORTFOLIO_REPORTING, groupBy: TEAM, period: {{grain: WEEK, from: "{broad_weeks[0]}", to: "{broad_weeks[-1]}"}}) {{ {fields} }} }}'

        served, _, _ = graphql(server.url, manager, narrow_q)
        series = served["metricValues"]
        api = {p["periodStart"]: p["value"] for p in series["points"]}
        raw = sql.rows(raw_sql(args.provider, team_id, narrow_weeks))
        mismatches = [(r[0][:10], api.get(r[0][:10]), r[1]) for r in raw if (r[1] or None) is not None and api.get(r[0][:10]) is not None and abs(float(r[1]) - api[r[0][:10]]) > 1e-6]
        result["narrowPoints"] = len(series["points"]) + sum(len(g["points"]) for g in series["guardrails"])
        result["narrowSqlMatchesApi"] = not mismatches
        if mismatches:
            log(f"raw SQL and API differ: {mismatches[:5]}")

        result["narrowHttp"], _ = median_of(lambda: graphql(server.url, manager, narrow_q)[1], args.runs)
        result["narrowRawSql"], _ = median_of(lambda: sql.time(raw_sql(args.provider, team_id, narrow_weeks)), args.runs)
        result["narrowReleaseSql"], _ = median_of(lambda: sql.time(release_sql(narrow_weeks, team_id)), args.runs)
        if not args.skip_broad:
            data, _, size = graphql(server.url, analyst, broad_q)
            result["broadPoints"] = len(data["metricValues"]["points"]) + sum(len(g["points"]) for g in data["metricValues"]["guardrails"])
            result["broadBytes"] = size
            result["broadHttp"], _ = median_of(lambda: graphql(server.url, analyst, broad_q)[1], max(3, args.runs // 2), warmup=1)
            result["broadReleaseSql"], _ = median_of(lambda: sql.time(release_sql(broad_weeks)), max(3, args.runs // 2), warmup=1)
        for key in ["narrowHttp", "narrowRawSql", "narrowReleaseSql", "broadHttp", "broadReleaseSql"]:
            if key in result:
                result[key] = round(result[key], 4)
        log(f"reads: {result}")

        if args.load:
            result["load"] = load(server, manager, analyst, narrow_q, args.load_seconds)
        result["peakMB"] = round(server.peak_kb / 1024)
    finally:
        server.stop()
    print(json.dumps(result))


def load(server, manager, reader, narrow_q, seconds):
    """wrk at concurrency 1, 8, 32: narrow reads alone, then a mix of narrow reads and catalogue queries."""
    catalogue_q = "{ metrics(first: 20) { nodes { key current { name kind version: number } lineage(direction: UPSTREAM) { nodes { id kind } } } } }"
    script_dir = tempfile.mkdtemp(prefix="bench-wrk-")
    results = {}
    for name, bodies in [("narrow", [(manager, narrow_q)]), ("mix", [(manager, narrow_q), (reader, catalogue_q)])]:
        lua = os.path.join(script_dir, f"{name}.lua")
        with open(lua, "w") as f:
            f.write("local bodies = {\n")
            for token, q in bodies:
                f.write("  { token = %s, body = %s },\n" % (json.dumps(token), json.dumps(json.dumps({"query": q}))))
            f.write("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  local b = bodies[(i % #bodies) + 1]\n")
            f.write('  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. b.token }, b.body)\nend\n')
            f.write('done = function(summary, latency, requests)\n  io.write(string.format("JSON {\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"p50\\": %f, \\"p99\\": %f}\\n", summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))\nend\n')
        for c in [1, 8, 32]:
            out = subprocess.check_output(["wrk", "-t", str(min(c, 2)), "-c", str(c), "-d", f"{seconds}s", "--timeout", "30s", "-s", lua, server.url], text=True)
            stats = json.loads(re.search(r"JSON (\{.*\})", out).group(1))
            stats["rps"] = round(stats["requests"] / seconds, 1)
            stats["rssMB"] = round(server.rss_mb())
            results[f"{name}@{c}"] = stats
            log(f"load {name}@{c}: {stats}")
    return results


if __name__ == "__main__":
    main()
