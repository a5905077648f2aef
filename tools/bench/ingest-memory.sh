#!/usr/bin/env bash
# Streams NDJSON files of growing size into a running server and reports, per size, the server's
# peak memory (VmHWM) and throughput, side by side in one run. Constant-memory ingestion means the
# peak stays flat while the line count grows tenfold.
# usage: tools/bench/ingest-memory.sh [lines ...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build -c Release -clp:ErrorsOnly src/MetricsApi >/dev/null
dll=src/MetricsApi/bin/Release/net10.0/MetricsApi.dll
echo "| lines | body | seconds | lines/s | server peak RSS (VmHWM) |"
echo "|---|---|---|---|---|"
for lines in "${sizes[@]}"; do
  data="$work/data-$lines"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" --contentRoot "$PWD/src/MetricsApi" --urls "http://127.0.0.1:$port" \
    --Storage:DataDirectory="$data" --Demo:Seed=false >"$work/server-$lines.log" 2>&1 &
  server=$!
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.3; done
  token=$(ASPNETCORE_ENVIRONMENT=Development dotnet "$dll" dev-token --contentRoot "$PWD/src/MetricsApi" --user bench --role Ingestor --Storage:DataDirectory="$data")
  python3 - "$lines" >"$work/events-$lines.ndjson" <<'PY'
import json, sys
tools = ["Kiro", "Claude Code", "Codex", "AI Teammate", "Pippin", "MeshClaw"]
for i in range(int(sys.argv[1])):
    print(json.dumps({"type": "ai_usage", "eventId": f"u{i}", "source": "bench", "person": f"person-{i % 20000}@example.com",
                      "tool": tools[i % 6], "model": "m", "occurredAt": f"2026-0{1 + i % 9}-1{i % 10}T10:00:00Z",
                      "kind": "INVOCATION", "inputTokens": i % 5000, "outputTokens": i % 700}))
PY
  size=$(du -h "$work/events-$lines.ndjson" | cut -f1)
  start=$(date +%s.%N)
  curl -fsS -X POST "http://127.0.0.1:$port/ingest/events" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$work/events-$lines.ndjson" -o "$work/response-$lines.json"
  end=$(date +%s.%N)
  peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
  accepted=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['accepted'])" "$work/response-$lines.json")
  [ "$accepted" = "$lines" ] || { echo "only $accepted of $lines accepted" >&2; exit 1; }
  python3 -c "import sys; l,s,e=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print(f'| {l:,} | {sys.argv[4]} | {e-s:.1f} | {l/(e-s):,.0f} | {sys.argv[5]} |')" "$lines" "$start" "$end" "$size" "$peak"
  kill $server; wait $server 2>/dev/null || true
done
