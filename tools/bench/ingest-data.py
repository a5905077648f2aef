#!/usr/bin/env python3
"""Writes the NDJSON body of the ingestion benchmark: an org tree (1 company, 1 org, 50 teams),
then N events, 80 % ai_usage and 20 % deployment (the mix of issue 14), all valid and unique. Like a
producer's export, events come in time order (spread over January to October 2026), 20,000 people
and 50 teams interleaved.
usage: ingest-data.py LINES OUT.ndjson [SOURCE]   (deterministic: the same arguments give the same file)"""
import json
import sys
from datetime import datetime, timedelta, timezone

lines, out = int(sys.argv[1]), sys.argv[2]
source = sys.argv[3] if len(sys.argv) > 3 else "bench"
tools = ["Kiro", "Claude Code", "Codex", "AI Teammate", "Pippin", "MeshClaw"]
kinds = ["INVOCATION", "OUTPUT_ACCEPTED", "FEEDBACK_GIVEN"]
statuses = ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "ROLLED_BACK"]
teams = 50
with open(out, "w", encoding="utf-8") as f:
    def emit(event):
        f.write(json.dumps(event, separators=(",", ":")) + "\n")
    emit({"type": "org_unit", "eventId": "unit-acme", "source": "bench-hr", "externalId": "acme", "name": "Acme", "kind": "COMPANY"})
    emit({"type": "org_unit", "eventId": "unit-eng", "source": "bench-hr", "externalId": "eng", "name": "Engineering", "kind": "ORG", "parent": "acme"})
    for t in range(teams):
        emit({"type": "org_unit", "eventId": f"unit-t{t}", "source": "bench-hr", "externalId": f"t{t}", "name": f"Team {t}", "kind": "TEAM", "parent": "eng"})
    start, step = datetime(2026, 1, 1, tzinfo=timezone.utc), timedelta(days=300) / max(lines, 1)
    for i in range(lines):
        at = start + step * i
        day, second = at.strftime("%Y-%m-%d"), at.strftime("%H:%M:%S")
        if i % 5 == 4:
            emit({"type": "deployment", "eventId": f"d{i}", "source": source, "team": f"t{i % teams}", "service": f"svc-{i % 40}",
                  "environment": "production", "status": statuses[i % 5], "startedAt": f"{day}T{second}Z", "finishedAt": f"{day}T{second}.5Z",
                  "leadTimeMinutes": i % 3000, "causedIncident": i % 10 == 9, **({"restoredAt": f"{day}T23:59:59.9Z"} if i % 10 == 9 else {})})
        else:
            emit({"type": "ai_usage", "eventId": f"u{i}", "source": source, "person": f"person-{i % 20000}@example.com",
                  "tool": tools[i % 6], "model": f"model-{i % 4}", "occurredAt": f"{day}T{second}Z", "kind": kinds[i % 3],
                  "inputTokens": i % 5000, "outputTokens": i % 700})
