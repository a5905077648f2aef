#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for tests.
#
# Usage:   CONN=$(tools/postgres/start.sh)      # ... run tests ...   tools/postgres/stop.sh
#
# stdout:  exactly one line, an Npgsql connection string, e.g.
#          Host=127.0.0.1;Port=54321;Username=postgres;Password=postgres;Database=postgres;Pooling=true;Include Error Detail=true
# stderr:  all diagnostics.
#
# Environment:
#   PG_STATE_FILE  file that receives the data dir path, read by stop.sh (default /tmp/metricsapi-pg.state)
#   PG_PORT        force a TCP port instead of picking a free one (optional)
#
# Installs Debian's `postgresql` package when no initdb/pg_ctl is found. Works as root
# (runs the server as the `postgres` system user, creating it if needed) or as any other user.
# The server listens on 127.0.0.1 only, trust auth (the password "postgres" is also set),
# fsync off: never use it for anything but tests.
set -euo pipefail

# Everything except the final connection string goes to stderr.
exec 3>&1 1>&2

STATE_FILE="${PG_STATE_FILE:-/tmp/metricsapi-pg.state}"
PG_USER=postgres
PG_PASSWORD=postgres
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "[pg-start] $*" >&2; }

# --- find the PostgreSQL binaries (highest major version) -------------------------------
major_of() { # $1 = bin dir; prints the major version of its pg_ctl, or nothing
  local v
  v="$("$1/pg_ctl" --version 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\)\(\.[0-9][0-9]*\)*.*/\1/p' | head -n1)" || true
  echo "$v"
}

find_bindir() {
  local best="" best_major=-1 d m candidates=()
  local p
  if p="$(command -v initdb 2>/dev/null)" && [ -n "$p" ]; then
    candidates+=("$(dirname "$(readlink -f "$p")")")
  fi
  if p="$(command -v pg_ctl 2>/dev/null)" && [ -n "$p" ]; then
    candidates+=("$(dirname "$(readlink -f "$p")")")
  fi
  for d in /usr/lib/postgresql/*/bin; do
    [ -d "$d" ] && candidates+=("$d")
  done
  for d in "${candidates[@]+"${candidates[@]}"}"; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || continue
    m="$(major_of "$d")"
    [ -n "$m" ] || continue
    if [ "$m" -gt "$best_major" ]; then best="$d"; best_major="$m"; fi
  done
  echo "$best"
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ]; then
  log "no initdb/pg_ctl found; installing Debian's postgresql package"
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not available; install PostgreSQL server binaries manually"; exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BINDIR="$(find_bindir)"
  if [ -z "$BINDIR" ]; then log "postgresql installed but initdb/pg_ctl still not found"; exit 1; fi
fi
log "using $BINDIR ($("$BINDIR/pg_ctl" --version))"

# --- how to run server commands (initdb/postgres refuse to run as root) ----------------
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  if ! getent passwd "$PG_USER" >/dev/null; then
    log "creating system user $PG_USER"
    getent group "$PG_USER" >/dev/null || groupadd --system "$PG_USER"
    useradd --system --gid "$PG_USER" --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$PG_USER"
  fi
  RUN=(runuser -u "$PG_USER" --)
fi
as_pg() { (cd / && "${RUN[@]+"${RUN[@]}"}" "$@" 3>&-); }

# --- a previous server named in the state file ----------------------------------------------
# If it is dead (a run that crashed), clean up its dir. If it is still running it may belong to
# a concurrent run: leave it alone (stop it yourself with `stop.sh DIR`) and overwrite the state file.
if [ -f "$STATE_FILE" ]; then
  OLD_DIR="$(head -n1 "$STATE_FILE" 2>/dev/null || true)"
  if [ -n "$OLD_DIR" ] && [ -d "$OLD_DIR" ] &&
     as_pg "$BINDIR/pg_ctl" -D "$OLD_DIR" status >/dev/null 2>&1; then
    log "WARNING: state file $STATE_FILE names a server that is still running ($OLD_DIR);"
    log "         leaving it running (stop it with: $SCRIPT_DIR/stop.sh $OLD_DIR)."
    log "         Use a distinct PG_STATE_FILE for concurrent runs."
  else
    log "state file $STATE_FILE names a dead server; cleaning it up"
    PG_STATE_FILE="$STATE_FILE" bash "$SCRIPT_DIR/stop.sh" >&2 || true
  fi
fi

# --- free port ------------------------------------------------------------------------------
port_in_use() { (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  if command -v python3 >/dev/null 2>&1 &&
     p="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)" &&
     [ -n "$p" ]; then
    echo "$p"; return
  fi
  for _ in $(seq 1 50); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! port_in_use "$p"; then echo "$p"; return; fi
  done
  log "could not find a free port"; return 1
}

# --- data dir + initdb -------------------------------------------------------------------
DIR="$(mktemp -d /tmp/metricsapi-pg.XXXXXXXX)"
cleanup_on_error() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    [ -f "$DIR/log" ] && { log "server log tail:"; tail -n 30 "$DIR/log" >&2 || true; }
    as_pg "$BINDIR/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true
    rm -rf -- "$DIR"
    rm -f -- "$STATE_FILE"
  fi
}
trap cleanup_on_error EXIT

chmod 700 "$DIR"
[ ${#RUN[@]} -eq 0 ] || chown "$PG_USER:" "$DIR"

PWFILE="$(mktemp)"
printf '%s\n' "$PG_PASSWORD" >"$PWFILE"
chmod 644 "$PWFILE"
if ! as_pg "$BINDIR/initdb" -D "$DIR" -U "$PG_USER" --auth=trust --pwfile="$PWFILE" \
      -E UTF8 --locale=C --no-sync --no-instructions >"$PWFILE.log" 2>&1; then
  cat "$PWFILE.log" >&2; rm -f "$PWFILE" "$PWFILE.log"; log "initdb failed"; exit 1
fi
rm -f "$PWFILE" "$PWFILE.log"

# Record the dir now so stop.sh can clean up even if the start below fails half-way.
printf '%s\n' "$DIR" >"$STATE_FILE"

# --- start (retry with another port if it was taken in between) -------------------------
PORT=""
started=0
for attempt in 1 2 3 4 5; do
  PORT="${PG_PORT:-$(pick_port)}"
  log "starting server in $DIR on 127.0.0.1:$PORT (attempt $attempt)"
  if as_pg "$BINDIR/pg_ctl" -D "$DIR" -l "$DIR/log" -w -t 60 \
       -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
       start >&2; then
    started=1; break
  fi
  log "start failed:"; tail -n 10 "$DIR/log" >&2 || true
  [ -z "${PG_PORT:-}" ] || break
done
[ "$started" -eq 1 ] || { log "could not start PostgreSQL"; exit 1; }

trap - EXIT
log "PostgreSQL is up on 127.0.0.1:$PORT (data dir $DIR, state file $STATE_FILE)"
echo "Host=127.0.0.1;Port=$PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres;Pooling=true;Include Error Detail=true" >&3
