#!/usr/bin/env bash
# Issue 14's ingestion benchmark: everything side by side in one run, on the same data.
#
#   validate   reading + validating + pseudonymising the NDJSON body with the database write stubbed out
#   postgres   the body through POST /ingest/events into PostgreSQL vs binary COPY of the same rows
#              (events + ledger) into the same, freshly migrated tables; server peak RSS (VmHWM)
#   sqlite     the same on SQLite vs a hand-written bulk insert (prepared statements, one transaction)
#   generator  `seed --teams 2100 --weeks 52` before (commit $BEFORE) and after, on both databases
#              (SEED_TEAMS / SEED_WEEKS shrink it for a quick try)
#   lineage    `lineage` on the generated 2,100-team database vs on an empty one (median latency)
#
# usage: tools/bench/ingest-throughput.sh [--lines N] [--runs R] [--only validate,postgres,sqlite,generator,lineage]
#        (defaults: 1,000,000 lines, 3 runs, everything). Prints markdown tables; medians of the runs.
# The HTTP runs start a fresh Release server per run and warm it with 100,000 events of another
# source first (then wait for the JIT's second tier to settle), which the baseline databases
# receive too (untimed), so both hold the same data. CPU seconds of the server, of PostgreSQL and of
# the baseline's client are reported beside the times: on a shared machine they are the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
lines=1000000; runs=3; only="validate,postgres,sqlite,generator,lineage"
BEFORE=${BEFORE:-555211b}
while [ $# -gt 0 ]; do
  case $1 in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

work=$(mktemp -d /tmp/ingest-bench.XXXXXX)
server=""
export PG_STATE_FILE="$work/postgres.state"
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -f "$PG_STATE_FILE" ] && tools/postgres/stop.sh >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[bench] $*" >&2; }

log "building (Release)"
dotnet build -c Release -clp:ErrorsOnly src/MetricsApi >/dev/null
dotnet build -c Release -clp:ErrorsOnly tools/bench/IngestBench >/dev/null
dll=$root/src/MetricsApi/bin/Release/net10.0/MetricsApi.dll
bench=$root/tools/bench/IngestBench/bin/Release/net10.0/IngestBench.dll

log "generating $lines lines"
python3 tools/bench/ingest-data.py "$lines" "$work/body.ndjson" bench
python3 tools/bench/ingest-data.py 100000 "$work/warm.ndjson" warm
body_size=$(du -h "$work/body.ndjson" | cut -f1)
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.{int(sys.argv[2]) if len(sys.argv) > 2 else 0}f}')" "$@"; }
cpu() { python3 tools/bench/cpu-seconds.py "$@"; }
load() { cut -d' ' -f1 /proc/loadavg; }
pg_cpu() { cpu "$(head -1 "$(cat "$PG_STATE_FILE")/postmaster.pid")" --children; }
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server <provider> <connection string> [extra args]: sets $server, $port, $token
start_server() {
  local provider=$1 connection=$2; shift 2
  port=$(free_port)
  ASPNETCORE_ENVIRONMENT=Development dotnet "${server_dll:-$dll}" --contentRoot "$root/src/MetricsApi" --urls "http://127.0.0.1:$port" \
    --Storage:DataDirectory="$work/data" --Demo:Seed=false --Database:Provider="$provider" --ConnectionStrings:Metrics="$connection" "$@" \
    >"$work/server.log" 2>&1 &
  server=$!
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    sleep 0.3; kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  done
  token=$(ASPNETCORE_ENVIRONMENT=Development dotnet "${server_dll:-$dll}" dev-token --contentRoot "$root/src/MetricsApi" --Storage:DataDirectory="$work/data" \
    --user bench --role Ingestor --role Auditor --minutes 600)
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
post() { # post <file> <response file>: prints seconds
  local start end
  start=$(now)
  curl -fsS -X POST "http://127.0.0.1:$port/ingest/events" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$1" -o "$2"
  end=$(now)
  echo "$end - $start" | bc -l
}
accepted() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['accepted'])" "$1"; }
# http_run <provider> <connection>: warm-up, timed body; prints "seconds peakKiB serverCpu databaseCpu"
http_run() {
  start_server "$1" "$2" --Catalogue:PublishStandard=false
  post "$work/warm.ndjson" "$work/warm.json" >/dev/null
  sleep 5
  local seconds peak cpu0 cpu1 db0=0 db1=0
  cpu0=$(cpu "$server"); [ "$1" = PostgreSql ] && db0=$(pg_cpu)
  seconds=$(post "$work/body.ndjson" "$work/response.json")
  cpu1=$(cpu "$server"); [ "$1" = PostgreSql ] && db1=$(pg_cpu)
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  stop_server
  [ "$(accepted "$work/response.json")" = "$lines" ] || { log "not all accepted: $(head -c 300 "$work/response.json")"; exit 1; }
  echo "$seconds $peak $(echo "$cpu1 - $cpu0" | bc -l) $(echo "$db1 - $db0" | bc -l)"
}

results=()
row() { results+=("$*"); }

if wants validate; then
  log "validation + pseudonymisation, database write stubbed out"
  rate=$(dotnet "$bench" validate "$work/body.ndjson" "$runs" 2>/dev/null)
  row "| read + validate + pseudonymise $(fmt "$lines") lines, database write stubbed out | $(fmt "$rate") events/s | | |"
fi

if wants postgres || wants generator || wants lineage; then
  log "starting a throwaway PostgreSQL"
  pg=$(tools/postgres/start.sh)
  pg_port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$pg")
  psql_url() { echo "postgresql://postgres:postgres@127.0.0.1:$pg_port/$1"; }
  pg_db() { echo "${pg/Database=postgres/Database=$1}"; }
  createdb_pg() { psql -q "$(psql_url postgres)" -c "CREATE DATABASE $1 ${2:+TEMPLATE $2}"; }
fi

if wants postgres; then
  # A migrated, empty template; every run copies it.
  createdb_pg bench_template
  start_server PostgreSql "$(pg_db bench_template)" --Catalogue:PublishStandard=false; stop_server
  http_rates=(); copy_rates=(); ratios=(); peaks=(); http_cpu=(); copy_cpu=()
  event_columns="source, event_id, person_key, tool, model, occurred_at, kind, input_tokens, output_tokens, received_at"
  deployment_columns="source, event_id, team_id, service, environment, status, started_at, finished_at, lead_time_minutes, caused_incident, restored_at, received_at"
  ledger_columns="source, event_id, type, ingested_at"
  for run in $(seq 1 "$runs"); do
    log "PostgreSQL run $run/$runs: HTTP"
    createdb_pg "http_$run" bench_template
    load_before=$(load)
    read -r seconds peak server_cpu db_cpu < <(http_run PostgreSql "$(pg_db "http_$run")")
    http_rates+=("$(echo "$lines / $seconds" | bc -l)"); peaks+=("$peak")
    http_cpu+=("$(echo "($server_cpu + $db_cpu) * 1000000 / $lines" | bc -l)")
    # The same rows, dumped in COPY's binary format.
    src=$(psql_url "http_$run")
    for part in "ai_usage:$event_columns" "deployments:$deployment_columns" "ingested_events:$ledger_columns"; do
      table=${part%%:*}; columns=${part#*:}
      psql -q "$src" -c "\\copy (SELECT $columns FROM $table WHERE source = 'bench') TO '$work/$table.bin' WITH (FORMAT binary)"
      psql -q "$src" -c "\\copy (SELECT $columns FROM $table WHERE source <> 'bench') TO '$work/$table.rest.bin' WITH (FORMAT binary)"
    done
    psql -q "$src" -c "\\copy org_units TO '$work/org_units.bin' WITH (FORMAT binary)"
    log "PostgreSQL run $run/$runs: COPY"
    createdb_pg "copy_$run" bench_template
    dst=$(psql_url "copy_$run")
    psql -q "$dst" -c "\\copy org_units FROM '$work/org_units.bin' WITH (FORMAT binary)" \
      -c "\\copy ai_usage ($event_columns) FROM '$work/ai_usage.rest.bin' WITH (FORMAT binary)" \
      -c "\\copy deployments ($deployment_columns) FROM '$work/deployments.rest.bin' WITH (FORMAT binary)" \
      -c "\\copy ingested_events ($ledger_columns) FROM '$work/ingested_events.rest.bin' WITH (FORMAT binary)"
    db0=$(pg_cpu); start=$(now)
    /usr/bin/time -f "%U %S" -o "$work/psql.time" psql -q -1 "$dst" -c "\\copy ai_usage ($event_columns) FROM '$work/ai_usage.bin' WITH (FORMAT binary)" \
      -c "\\copy deployments ($deployment_columns) FROM '$work/deployments.bin' WITH (FORMAT binary)" \
      -c "\\copy ingested_events ($ledger_columns) FROM '$work/ingested_events.bin' WITH (FORMAT binary)"
    end=$(now); db1=$(pg_cpu)
    copy_rates+=("$(echo "$lines / ($end - $start)" | bc -l)")
    ratios+=("$(echo "${http_rates[-1]} / ${copy_rates[-1]}" | bc -l)")
    copy_cpu+=("$(echo "($db1 - $db0 + $(tail -1 "$work/psql.time" | tr ' ' '+')) * 1000000 / $lines" | bc -l)")
    log "  HTTP $(fmt "${http_rates[-1]}")/s ($(fmt "$server_cpu" 1) s server CPU, $(fmt "$db_cpu" 1) s PostgreSQL CPU), COPY $(fmt "${copy_rates[-1]}")/s, peak RSS $((peak / 1024)) MiB, load $load_before → $(load)"
    psql -q "$(psql_url postgres)" -c "DROP DATABASE http_$run" -c "DROP DATABASE copy_$run"
  done
  http=$(printf '%s\n' "${http_rates[@]}" | median); copy=$(printf '%s\n' "${copy_rates[@]}" | median)
  row "| PostgreSQL: $(fmt "$lines") lines ($body_size) via POST /ingest/events, median of $runs | $(fmt "$http") events/s | COPY of the same rows: $(fmt "$copy") events/s | **$(fmt "$(printf '%s\n' "${ratios[@]}" | median)" 2)×** (runs: $(for r in "${ratios[@]}"; do printf '%.2f ' "$r"; done)) |"
  row "| PostgreSQL: CPU per event (server + PostgreSQL; COPY: PostgreSQL + psql) | $(fmt "$(printf '%s\n' "${http_cpu[@]}" | median)" 1) µs | $(fmt "$(printf '%s\n' "${copy_cpu[@]}" | median)" 1) µs | |"
  row "| PostgreSQL: server peak RSS (VmHWM), each run | $(for p in "${peaks[@]}"; do printf '%s MiB ' $((p / 1024)); done)| | |"
fi

if wants sqlite; then
  http_rates=(); hand_rates=(); ratios=(); peaks=(); http_cpu=()
  for run in $(seq 1 "$runs"); do
    log "SQLite run $run/$runs: HTTP"
    db="$work/http_$run.db"
    load_before=$(load)
    read -r seconds peak server_cpu _ < <(http_run Sqlite "Data Source=$db")
    http_rates+=("$(echo "$lines / $seconds" | bc -l)"); peaks+=("$peak")
    log "SQLite run $run/$runs: hand-written bulk insert"
    hand_rates+=("$(dotnet "$bench" sqlite-baseline "$db" "$work/hand_$run.db" 2>/dev/null)")
    ratios+=("$(echo "${http_rates[-1]} / ${hand_rates[-1]}" | bc -l)")
    http_cpu+=("$(echo "$server_cpu * 1000000 / $lines" | bc -l)")
    log "  HTTP $(fmt "${http_rates[-1]}")/s ($(fmt "$server_cpu" 1) s server CPU), hand-written $(fmt "${hand_rates[-1]}")/s, peak RSS $((peak / 1024)) MiB, load $load_before → $(load)"
    rm -f "$work"/http_"$run".db* "$work"/hand_"$run".db*
  done
  http=$(printf '%s\n' "${http_rates[@]}" | median); hand=$(printf '%s\n' "${hand_rates[@]}" | median)
  row "| SQLite: $(fmt "$lines") lines ($body_size) via POST /ingest/events, median of $runs | $(fmt "$http") events/s | hand-written bulk insert: $(fmt "$hand") events/s | **$(fmt "$(printf '%s\n' "${ratios[@]}" | median)" 2)×** (runs: $(for r in "${ratios[@]}"; do printf '%.2f ' "$r"; done)) |"
  row "| SQLite: server CPU per event (SQLite runs in the server) | $(fmt "$(printf '%s\n' "${http_cpu[@]}" | median)" 1) µs | | |"
  row "| SQLite: server peak RSS (VmHWM), each run | $(for p in "${peaks[@]}"; do printf '%s MiB ' $((p / 1024)); done)| | |"
fi

seed_args=(seed --teams "${SEED_TEAMS:-2100}" --weeks "${SEED_WEEKS:-52}" --seed 42 --end 2026-11-23)
# seed_run <dll> <provider> <connection>: prints "seconds events peakKiB"
seed_run() {
  local out="$work/seed.out"
  ASPNETCORE_ENVIRONMENT=Development /usr/bin/time -f "%M" -o "$work/seed.time" dotnet "$1" "${seed_args[@]}" \
    --contentRoot "$root/src/MetricsApi" --Storage:DataDirectory="$work/data" --Database:Provider="$2" --ConnectionStrings:Metrics="$3" >"$out" 2>&1 \
    || { cat "$out" >&2; exit 1; }
  python3 - "$out" "$(tail -1 "$work/seed.time")" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"Done in ([0-9.]+) s: ([0-9,]+) events", text)
print(m.group(1), m.group(2).replace(",", ""), sys.argv[2])
PY
}

if wants generator || wants lineage; then
  if wants generator; then
    log "building the generator as of $BEFORE"
    mkdir -p "$work/before"
    git archive "$BEFORE" | tar -x -C "$work/before"
    dotnet build -c Release -clp:ErrorsOnly "$work/before/src/MetricsApi" >/dev/null
    before_dll=$work/before/src/MetricsApi/bin/Release/net10.0/MetricsApi.dll
  fi
  for provider in PostgreSql Sqlite; do
    for version in before after; do
      [ "$version" = before ] && ! wants generator && continue
      [ "$version" = after ] && [ "$provider" = Sqlite ] && ! wants generator && continue
      if [ "$provider" = PostgreSql ]; then createdb_pg "seed_$version"; connection=$(pg_db "seed_$version"); else connection="Data Source=$work/seed_$version.db"; fi
      log "generator $version on $provider"
      read -r seconds events peak < <(seed_run "$([ "$version" = before ] && echo "$before_dll" || echo "$dll")" "$provider" "$connection")
      eval "seed_${provider}_${version}=$seconds"
      row "| generator $version on $provider: $(fmt "$events") events | $seconds s ($(fmt "$(echo "$events / $seconds" | bc -l)") events/s) | peak RSS $((peak / 1024)) MiB | |"
    done
    if wants generator; then
      b=seed_${provider}_before; a=seed_${provider}_after
      row "| generator on $provider, before ÷ after | | | **$(printf '%.1f' "$(echo "${!b} / ${!a}" | bc -l)")× faster** |"
    fi
  done
fi

if wants lineage; then
  query='{ metric(key: "weekly_active_ai_users") { lineage(direction: BOTH, depth: 10) { nodes { id kind eventCount lastSeen } edges { from to kind } } } }'
  list='{ metrics(first: 50) { nodes { key } } }'
  createdb_pg lineage_empty
  declare -A latency
  datasets=(seed_after lineage_empty); wants generator && datasets+=(seed_before)
  for dataset in "${datasets[@]}"; do
    # The database the old generator filled is read by the old server: lineage as it was.
    server_dll=$([ "$dataset" = seed_before ] && echo "$before_dll" || echo "$dll")
    start_server PostgreSql "$(pg_db "$dataset")"
    read -r median p90 < <(dotnet "$bench" http-timing "http://127.0.0.1:$port/graphql" "$token" "$query" 200)
    read -r list_median _ < <(dotnet "$bench" http-timing "http://127.0.0.1:$port/graphql" "$token" "$list" 200)
    latency[$dataset]=$median
    stop_server; server_dll=""
    case $dataset in
      seed_after) label="this service, 2,100-team database" ;;
      lineage_empty) label="this service, empty database" ;;
      *) label="before ($BEFORE), 2,100-team database" ;;
    esac
    row "| lineage (PostgreSQL): $label | median $median ms, p90 $p90 ms | metric list: median $list_median ms | |"
  done
  row "| lineage, 2,100 teams ÷ empty | | | **$(printf '%.2f' "$(echo "${latency[seed_after]} / ${latency[lineage_empty]}" | bc -l)")×** |"
fi

echo
echo "| measurement | this service | baseline | ratio |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
