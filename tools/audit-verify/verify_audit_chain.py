#!/usr/bin/env python3
"""Re-verify the MetricsApi audit log's hash chain offline, independently of the service.

Input: a JSON array of audit_entries rows (snake_case column names), e.g. exported from PostgreSQL:
    psql "$DB" -At -c "select json_agg(a order by sequence) from audit_entries a" > audit.json
or from SQLite:
    sqlite3 metrics.db "select json_group_array(json_object('sequence',sequence,'occurred_at',occurred_at,...)) ..."
Usage: verify_audit_chain.py audit.json [expected_head_hash]
Exit code 0 when the chain verifies, 1 with the first broken sequence number otherwise.
The canonical form is specified in docs/audit-log.md.
"""
import hashlib
import json
import sys
from datetime import datetime, timezone

KEYS = ["sequence", "occurred_at", "principal_id", "principal_name", "roles", "action", "operation_name",
        "document_hash", "purpose", "metrics", "scope", "target", "decision", "rule_codes", "policy_version",
        "points_served", "points_suppressed", "events_accepted", "events_duplicate", "events_rejected",
        "previous_hash"]
GENESIS = "0" * 64


def occurred_at(value):
    """Any ISO-8601 rendering of the stored time -> yyyy-MM-ddTHH:mm:ss.ffffffZ (UTC)."""
    text = value.replace(" ", "T").replace("Z", "+00:00")
    if "+" not in text[10:] and "-" not in text[10:]:
        text += "+00:00"
    head, _, rest = text.partition(".")
    if rest:  # Python accepts at most 6 fractional digits
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    moment = datetime.fromisoformat(text).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row):
    entry = {key: row.get(key) for key in KEYS}
    entry["occurred_at"] = occurred_at(entry["occurred_at"])
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def main():
    rows = sorted(json.load(open(sys.argv[1], encoding="utf-8")) or [], key=lambda r: r["sequence"])
    previous, expected = GENESIS, 1
    for row in rows:
        if row["sequence"] != expected:
            print(f"broken at {expected}: SEQUENCE_GAP (next entry is {row['sequence']})")
            return 1
        if row["previous_hash"].strip() != previous:
            print(f"broken at {expected}: PREVIOUS_HASH_MISMATCH")
            return 1
        if hashlib.sha256(canonical(row).encode("utf-8")).hexdigest() != row["hash"].strip():
            print(f"broken at {expected}: HASH_MISMATCH")
            return 1
        previous, expected = row["hash"].strip(), expected + 1
    if len(sys.argv) > 2 and sys.argv[2] != previous:
        print(f"broken at {expected}: HEAD_MISMATCH (log ends with {previous})")
        return 1
    print(f"ok: {len(rows)} entries verify; head {previous}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
