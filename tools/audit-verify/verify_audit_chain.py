#!/usr/bin/env python3
"""Re-verify the MetricsApi audit log offline, independently of the service (Python 3.8+, standard library only).

1. The hash chain: every entry's hash is the SHA-256 of its canonical form, which includes the previous
   entry's hash (docs/audit-log.md). This alone can be recomputed by whoever controls the database.
2. Signed checkpoints (--checkpoint, as exported from the API's auditCheckpoints { nodes { note } }):
   each is verified with the public key (ECDSA P-256 SHA-256; the private key never is in the database),
   and the log must hold, at the checkpoint's sequence, the very hash the checkpoint signed. A chain
   rewritten with recomputed hashes therefore fails here.

The export, from PostgreSQL:
    psql "$DB" -At -c "select coalesce(json_agg(a order by sequence), '[]') from audit_entries a" > audit.json
from SQLite (either):
    sqlite3 -json metrics.db "select * from audit_entries order by sequence" > audit.json
    (or pass the database file itself: --sqlite metrics.db)

Usage:
    verify_audit_chain.py audit.json [expected_head_hash] [--checkpoint note.txt ...] [--public-key key.pem]
    verify_audit_chain.py --sqlite metrics.db [--checkpoint note.txt ...] [--public-key key.pem]
Exit code 0 when everything verifies, 1 with the first problem otherwise, 2 for unusable input.
"""
import argparse
import base64
import hashlib
import json
import sqlite3
import sys
from datetime import datetime, timezone

KEYS = ["sequence", "occurred_at", "principal_id", "principal_name", "roles", "action", "operation_name",
        "document_hash", "purpose", "metrics", "scope", "target", "decision", "rule_codes", "policy_version",
        "points_served", "points_suppressed", "events_accepted", "events_duplicate", "events_rejected",
        "previous_hash"]
GENESIS = "0" * 64
SIGNATURE_PREFIX = "\u2014 "

# NIST P-256 (prime256v1): y^2 = x^3 - 3x + b over GF(p), base point G of prime order n.
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
# DER of SubjectPublicKeyInfo for an uncompressed P-256 key, up to the 65-byte point.
SPKI_P256_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")


class Invalid(Exception):
    """Input that cannot be checked at all (exit code 2)."""


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
    entry["previous_hash"] = entry["previous_hash"].strip()
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


# --- ECDSA P-256 verification (public data only, so plain affine arithmetic is fine) ---

def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        slope = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P) % P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (slope * slope - a[0] - b[0]) % P
    return x, (slope * (a[0] - x) - a[1]) % P


def _multiply(k, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def _der_integers(signature):
    """(r, s) from a DER SEQUENCE of two INTEGERs (RFC 3279)."""
    def length(data, at):
        first = data[at]
        if first < 0x80:
            return first, at + 1
        count = first & 0x7F
        return int.from_bytes(data[at + 1:at + 1 + count], "big"), at + 1 + count

    if not signature or signature[0] != 0x30:
        raise ValueError("not a DER sequence")
    total, at = length(signature, 1)
    if at + total != len(signature):
        raise ValueError("bad DER length")
    values = []
    for _ in range(2):
        if signature[at] != 0x02:
            raise ValueError("not a DER integer")
        size, at = length(signature, at + 1)
        values.append(int.from_bytes(signature[at:at + size], "big"))
        at += size
    if at != len(signature):
        raise ValueError("trailing bytes")
    return values


def ecdsa_p256_verify(public_point, message, signature):
    try:
        r, s = _der_integers(signature)
    except (ValueError, IndexError):
        return False
    if not (1 <= r < N and 1 <= s < N):
        return False
    e = int.from_bytes(hashlib.sha256(message).digest(), "big")
    w = pow(s, -1, N)
    point = _add(_multiply(e * w % N, G), _multiply(r * w % N, public_point))
    return point is not None and point[0] % N == r


def load_public_key(path):
    """(point, key id) from a PEM SubjectPublicKeyInfo of a P-256 key."""
    text = open(path, encoding="ascii").read()
    if "-----BEGIN PUBLIC KEY-----" not in text:
        raise Invalid(f"{path}: expected a PEM public key (-----BEGIN PUBLIC KEY-----)")
    body = text.split("-----BEGIN PUBLIC KEY-----")[1].split("-----END PUBLIC KEY-----")[0]
    der = base64.b64decode("".join(body.split()))
    if len(der) != len(SPKI_P256_PREFIX) + 65 or not der.startswith(SPKI_P256_PREFIX) or der[len(SPKI_P256_PREFIX)] != 4:
        raise Invalid(f"{path}: not an uncompressed ECDSA P-256 public key")
    raw = der[len(SPKI_P256_PREFIX) + 1:]
    point = (int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    if (point[1] ** 2 - point[0] ** 3 + 3 * point[0] - B) % P != 0:
        raise Invalid(f"{path}: the point is not on the P-256 curve")
    return point, hashlib.sha256(der).digest()[:4]


def load_checkpoint(path, public_point, key_id):
    """{origin, sequence, head, time} of a signed note whose signature by the given key verifies."""
    text = open(path, encoding="utf-8").read()
    body, separator, signatures = text.partition("\n\n")
    if not separator:
        raise Invalid(f"{path}: not a signed note (no blank line before the signature)")
    body += "\n"
    lines = body.split("\n")[:-1]
    if len(lines) != 4:
        raise Invalid(f"{path}: the note body must have 4 lines (origin, sequence, head hash, time)")
    origin, sequence, head, moment = lines
    for line in signatures.split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            continue
        name, _, encoded = line[len(SIGNATURE_PREFIX):].rpartition(" ")
        signed = base64.b64decode(encoded)
        if name == origin and signed[:4] == key_id:
            if not ecdsa_p256_verify(public_point, body.encode("utf-8"), signed[4:]):
                return None
            return {"origin": origin, "sequence": int(sequence), "head": head, "time": moment, "path": path}
    raise Invalid(f"{path}: no signature by key {key_id.hex()} for {origin}")


def load_rows(args):
    if args.sqlite:
        connection = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        rows = [dict(r) for r in connection.execute("select * from audit_entries order by sequence")]
        connection.close()
        return rows
    if not args.export:
        raise Invalid("give an export file or --sqlite DATABASE")
    return json.load(open(args.export, encoding="utf-8")) or []


def main():
    parser = argparse.ArgumentParser(description="Verify an export of the MetricsApi audit log offline.")
    parser.add_argument("export", nargs="?", help="JSON array of audit_entries rows")
    parser.add_argument("expected_head", nargs="?", help="the head hash the log must end with")
    parser.add_argument("--sqlite", help="read audit_entries from this SQLite database file instead of an export")
    parser.add_argument("--checkpoint", action="append", default=[], help="a signed checkpoint note (repeatable)")
    parser.add_argument("--public-key", help="PEM public key that signs the checkpoints (auditCheckpointKey)")
    args = parser.parse_args()

    try:
        if args.checkpoint and not args.public_key:
            raise Invalid("--checkpoint needs --public-key")
        checkpoints = {}
        if args.checkpoint:
            point, key_id = load_public_key(args.public_key)
            for path in args.checkpoint:
                checkpoint = load_checkpoint(path, point, key_id)
                if checkpoint is None:
                    print(f"checkpoint {path}: BAD_SIGNATURE (the note was altered, or another key signed it)")
                    return 1
                checkpoints.setdefault(checkpoint["sequence"], []).append(checkpoint)
        rows = sorted(load_rows(args), key=lambda r: r["sequence"])
    except (Invalid, OSError, ValueError, sqlite3.Error) as problem:
        print(f"cannot verify: {problem}")
        return 2

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
        for checkpoint in checkpoints.get(row["sequence"], []):
            if checkpoint["head"] != previous:
                print(f"broken at {row['sequence']}: CHECKPOINT_MISMATCH (the checkpoint of {checkpoint['time']} signed "
                      f"{checkpoint['head']}; the log has {previous}: it was rewritten)")
                return 1
    beyond = [s for s in checkpoints if s > expected - 1]
    if beyond:
        print(f"broken at {expected}: LOG_ENDS_BEFORE_CHECKPOINT (a checkpoint covers {max(beyond)} entries, the log has {expected - 1})")
        return 1
    if args.expected_head and args.expected_head != previous:
        print(f"broken at {expected}: HEAD_MISMATCH (log ends with {previous})")
        return 1
    matched = sum(len(c) for s, c in checkpoints.items() if s > 0)
    print(f"ok: {len(rows)} entries verify; head {previous}" + (f"; {matched} signed checkpoint(s) match" if checkpoints else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
