#!/usr/bin/env bash
# The one test command (README): builds with warnings as errors, checks formatting and migrations,
# starts a throwaway PostgreSQL server, runs every test on SQLite and PostgreSQL (browser tests in
# headless Chromium and the README's examples against the Development server included), runs graphql-http's
# 61 GraphQL-over-HTTP audits against the real server, and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export SNAPSHOOTER_STRICT_MODE=true
artifacts="$root/.artifacts"
rm -rf "$artifacts" && mkdir -p "$artifacts"

step() { printf '\n== %s\n' "$*"; }

step "prerequisites"
missing=()
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
# Debian's Chromium drives the browser tests (a page on another origin, GraphiQL) through DevTools.
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet --version
node --version
/usr/bin/chromium --version 2>/dev/null

step "restore and build (warnings are errors)"
dotnet tool restore >/dev/null
dotnet build MetricsApi.sln -c Debug -nologo -clp:ErrorsOnly

step "formatting"
dotnet format MetricsApi.sln --verify-no-changes --no-restore

step "migrations are complete for every provider"
for context in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations has-pending-model-changes --no-build --project src/MetricsApi --context "${context}MetricsDbContext"
done
dotnet ef migrations script --idempotent --no-build --project src/MetricsApi --context SqlServerMetricsDbContext \
  --output "$artifacts/sqlserver-migrations.sql" >/dev/null
echo "SQL Server idempotent script: $(wc -l < "$artifacts/sqlserver-migrations.sql") lines"

step "throwaway PostgreSQL server"
export PG_STATE_FILE="$artifacts/postgres.state"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  "$root/tools/postgres/stop.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT
METRICSAPI_TEST_POSTGRES=$(tools/postgres/start.sh)
export METRICSAPI_TEST_POSTGRES

step "tests (SQLite and PostgreSQL, with the fuzz suite on its fixed seed)"
# The fuzz suite (tests/MetricsApi.Tests/Fuzz, docs/reliability.md) appends one summary line per target here.
export METRICSAPI_FUZZ_REPORT="$artifacts/fuzz-report.txt"
set +e
dotnet test MetricsApi.sln --no-build -nologo --logger "console;verbosity=minimal" \
  --logger "trx;LogFileName=tests.trx" --results-directory "$artifacts/test-results" 2>&1 | tee "$artifacts/dotnet-test.log" \
  | grep -vE "^\s*(info|warn|fail|dbug): |^\s{6}" || true
set -e
trx=$(find "$artifacts/test-results" -name 'tests.trx' 2>/dev/null | head -1)
counters=$( [ -n "$trx" ] && grep -o '<Counters [^>]*>' "$trx" | head -1 || true)
if [ -z "$counters" ]; then
  echo "dotnet test did not report results (see .artifacts/dotnet-test.log)"
  tests_passed=0; tests_failed=1
else
  count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  tests_passed=$(count passed)
  # Anything not passed counts as failed: PostgreSQL tests must never silently skip.
  tests_failed=$(( $(count total) - tests_passed ))
fi
echo "xunit: $tests_passed passed, $tests_failed failed"
[ -f "$METRICSAPI_FUZZ_REPORT" ] && cat "$METRICSAPI_FUZZ_REPORT"

step "graphql-http audits against the running server"
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
dotnet run --no-build --project src/MetricsApi -- --urls "http://127.0.0.1:$port" --Storage:DataDirectory="$data_dir" \
  >"$artifacts/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
token=$(dotnet run --no-build --project src/MetricsApi -- dev-token --user graphql-http-audit --role Engineer --Storage:DataDirectory="$data_dir")
set +e
AUDIT_TOKEN="$token" tools/graphql-http-audit/run.sh "http://127.0.0.1:$port/graphql" | tee "$artifacts/graphql-http-audit.log"
set -e
audit_line=$(grep -E "^graphql-http audits: [0-9]+ ok, [0-9]+ not ok" "$artifacts/graphql-http-audit.log" | tail -1 || true)
if [ -z "$audit_line" ]; then
  audits_ok=0; audits_failed=1
else
  audits_ok=$(sed -E 's/.*: ([0-9]+) ok.*/\1/' <<<"$audit_line")
  audits_failed=$(sed -E 's/.*, ([0-9]+) not ok.*/\1/' <<<"$audit_line")
fi
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""
rm -rf "$data_dir"

passed=$((tests_passed + audits_ok))
failed=$((tests_failed + audits_failed))
echo
echo "xunit: $tests_passed passed, $tests_failed failed; graphql-http audits: $audits_ok ok, $audits_failed not ok"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
