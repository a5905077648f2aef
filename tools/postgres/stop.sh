#!/usr/bin/env bash
# Stops the throwaway PostgreSQL server started by start.sh and removes its temp dir.
#
# Usage:   tools/postgres/stop.sh [DATA_DIR]
#
# Without DATA_DIR it reads the dir from $PG_STATE_FILE (default /tmp/metricsapi-pg.state).
# Idempotent: exits 0 when nothing is running or the state file is missing.
set -uo pipefail

STATE_FILE="${PG_STATE_FILE:-/tmp/metricsapi-pg.state}"
log() { echo "[pg-stop] $*" >&2; }

DIR="${1:-}"
if [ -z "$DIR" ]; then
  if [ ! -f "$STATE_FILE" ]; then
    log "no state file $STATE_FILE; nothing to stop"
    exit 0
  fi
  DIR="$(head -n1 "$STATE_FILE" 2>/dev/null || true)"
fi

if [ -z "$DIR" ] || [ ! -d "$DIR" ]; then
  log "data dir '${DIR}' does not exist; nothing to stop"
  [ -n "${1:-}" ] || rm -f -- "$STATE_FILE"
  exit 0
fi
DIR="$(cd "$DIR" && pwd -P)"

# Refuse to delete anything that is not clearly a throwaway data dir.
case "$DIR" in
  /|/tmp|/var|/usr|/home|/root|/etc) log "refusing to touch '$DIR'"; exit 0 ;;
esac

if [ -f "$DIR/postmaster.pid" ]; then
  # Find the pg_ctl matching the cluster's version, else any on PATH.
  PG_CTL=""
  if [ -f "$DIR/PG_VERSION" ] && [ -x "/usr/lib/postgresql/$(cat "$DIR/PG_VERSION")/bin/pg_ctl" ]; then
    PG_CTL="/usr/lib/postgresql/$(cat "$DIR/PG_VERSION")/bin/pg_ctl"
  elif command -v pg_ctl >/dev/null 2>&1; then
    PG_CTL="$(command -v pg_ctl)"
  fi
  stopped=0
  if [ -n "$PG_CTL" ]; then
    owner="$(stat -c %U "$DIR" 2>/dev/null || echo "")"
    if [ "$(id -u)" -eq 0 ] && [ -n "$owner" ] && [ "$owner" != root ]; then
      (cd / && runuser -u "$owner" -- "$PG_CTL" -D "$DIR" -m immediate -w stop) >&2 2>&1 && stopped=1
    else
      (cd / && "$PG_CTL" -D "$DIR" -m immediate -w stop) >&2 2>&1 && stopped=1
    fi
  fi
  if [ "$stopped" -ne 1 ]; then
    # pg_ctl missing or failed: kill the postmaster named in postmaster.pid, if it is alive.
    pid="$(head -n1 "$DIR/postmaster.pid" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
       grep -q postgres "/proc/$pid/comm" 2>/dev/null; then
      log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
fi

rm -rf -- "$DIR" || log "could not remove $DIR"
if [ -z "${1:-}" ] || [ "$(head -n1 "$STATE_FILE" 2>/dev/null)" = "$DIR" ]; then
  rm -f -- "$STATE_FILE"
fi
log "stopped and removed $DIR"
exit 0
