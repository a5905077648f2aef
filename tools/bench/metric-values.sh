#!/usr/bin/env bash
# Times metricValues through the real HTTP endpoint on a database filled by the generator
# (`seed --teams 2100 --weeks 52 --seed 42 --end 2026-11-23`): every team (or org) x 52 ISO weeks,
# for metrics of each evaluation shape, side by side in one run.
# usage: tools/bench/metric-values.sh <Sqlite|PostgreSql|SqlServer> <connection string> [from] [to]
set -euo pipefail
cd "$(dirname "$0")/../.."
provider=$1; connection=$2; from=${3:-2025-11-24}; to=${4:-2026-11-22}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build -c Release -clp:ErrorsOnly src/MetricsApi >/dev/null
dll=src/MetricsApi/bin/Release/net10.0/MetricsApi.dll
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
args=(--contentRoot "$PWD/src/MetricsApi" --Storage:DataDirectory="$work" --Database:Provider="$provider" --ConnectionStrings:Metrics="$connection")
ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" "${args[@]}" --urls "http://127.0.0.1:$port" --Demo:Seed=false >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.5; kill -0 $server || { cat "$work/server.log"; exit 1; }; done
token=$(ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" dev-token "${args[@]}" --user bench --role Analyst --minutes 120)
echo "| metric | shape | groupBy | points | suppressed | seconds | response |"
echo "|---|---|---|---|---|---|---|"
while read -r metric shape groupBy dimension; do
  dim=""; [ "$dimension" = "-" ] || dim=", dimension: \"$dimension\""
  query="{ metricValues(metric: \"$metric\", purpose: PORTFOLIO_REPORTING, groupBy: $groupBy$dim, period: {grain: WEEK, from: \"$from\", to: \"$to\"}) { points { groupId dimensionValue periodStart value suppressed suppressionReason peopleBucket } guardrails { metric points { groupId periodStart value suppressed } } provenance { pointsSuppressed } } }"
  python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$query" >"$work/body.json"
  start=$(date +%s.%N)
  curl -fsS -X POST "http://127.0.0.1:$port/graphql" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$work/body.json" -o "$work/response.json"
  end=$(date +%s.%N)
  python3 - "$metric" "$shape" "$groupBy" "$start" "$end" "$work/response.json" <<'PY'
import json, os, sys
metric, shape, group, start, end, path = sys.argv[1:]
body = json.load(open(path))
if "errors" in body: sys.exit(f"{metric}: {body['errors']}")
series = body["data"]["metricValues"]
points = len(series["points"]) + sum(len(g["points"]) for g in series["guardrails"])
print(f"| {metric} | {shape} | {group} | {points:,} | {series['provenance']['pointsSuppressed']:,} | {float(end) - float(start):.1f} | {os.path.getsize(path) / 1e6:.1f} MB |")
PY
done <<'LIST'
deployments_per_engineer_weekly count-per-engineer TEAM -
median_lead_time percentile TEAM -
weekly_active_ai_users share-of-people+2-guardrails TEAM -
total_tokens sum-of-person-events+tool-layer TEAM -
total_tokens split-by-tool TEAM tool
deployments_per_engineer_weekly count-per-engineer ORG -
LIST
