#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite, on 127.0.0.1 only.
#
#   scripts/services/postgres.sh start   # install (apt) if needed, init, start, create DB
#   scripts/services/postgres.sh stop    # stop it, but only if `start` started it
#   scripts/services/postgres.sh url     # print the SQLAlchemy URL for the tests
#   scripts/services/postgres.sh status
#
# Environment:
#   PGPORT_TEST     port to listen on (default 55432)
#   PGDATA_TEST     data dir (default $REPO/.services/pg)
#   PGDB_TEST       database to create (default marketplace_test)
#   PG_REUSE_EXISTING=1  if another server already holds the port, use it
#                   (create the database there) instead of failing
#
# The cluster is for tests only: trust auth, fsync/synchronous_commit/
# full_page_writes off. Never point this at data you care about.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
SERVICES_DIR="$REPO/.services"

PG_PORT="${PGPORT_TEST:-55432}"
PG_DB="${PGDB_TEST:-marketplace_test}"
PG_SUPERUSER=postgres
PG_SYSUSER=postgres
PG_DATA="${PGDATA_TEST:-$SERVICES_DIR/pg}"
# A cluster with a data dir of its own (PGDATA_TEST) keeps a marker of its own, so stopping
# it (the fault tests stop theirs) never forgets or stops the default cluster.
MARKER="$SERVICES_DIR/postgres${PGDATA_TEST:+-$(printf '%s' "$PGDATA_TEST" | sha1sum | cut -c1-12)}.started-by-script"

log() { echo "[postgres] $*" >&2; }
die() { echo "[postgres] ERROR: $*" >&2; exit 1; }

find_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | while read -r b; do
            [ -x "$b/postgres" ] && echo "$b"
        done | sort -V | tail -n 1)
    [ -n "$d" ] && echo "$d"
}

ensure_installed() {
    if PG_BIN=$(find_bindir); then
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL server is not installed and we are not root to apt-get it"
    log "PostgreSQL server binaries not found; installing Debian's postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends postgresql >&2
    PG_BIN=$(find_bindir) || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres found"
}

ensure_sysuser() {
    if ! id "$PG_SYSUSER" >/dev/null 2>&1; then
        log "creating system user $PG_SYSUSER"
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
            --shell /usr/sbin/nologin "$PG_SYSUSER"
    fi
}

# Run a command as the postgres system user (postgres refuses to run as root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_SYSUSER" -- "$@"
    else
        "$@"
    fi
}

# The postgres user must be able to reach the data dir. A repo cloned into a
# private (0700) directory, e.g. a mktemp -d, is not reachable: fall back to a
# per-repo directory under /var/tmp in that case (unless PGDATA_TEST was set).
choose_datadir() {
    if [ -n "${PGDATA_TEST:-}" ] || [ "$(id -u)" -ne 0 ]; then
        return 0
    fi
    mkdir -p "$SERVICES_DIR"
    if ! runuser -u "$PG_SYSUSER" -- test -x "$SERVICES_DIR"; then
        local h
        h=$(printf '%s' "$REPO" | sha1sum | cut -c1-12)
        PG_DATA="/var/tmp/marketplace-services-$h/pg"
        log "user $PG_SYSUSER cannot reach $SERVICES_DIR; using $PG_DATA instead"
        mkdir -p "$(dirname "$PG_DATA")"
        chmod 755 "$(dirname "$PG_DATA")"
    fi
    # The unix socket path (dir + /.s.PGSQL.PORT) must fit in 107 bytes.
    if [ $(( ${#PG_DATA} + 16 )) -gt 107 ]; then
        die "data dir path too long for a unix socket: $PG_DATA (set PGDATA_TEST to a shorter path)"
    fi
}

pg_major() { basename "$(dirname "$PG_BIN")"; }

is_running_ours() {
    [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

is_ready() {
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U "$PG_SUPERUSER" -t 1 >/dev/null 2>&1
}

init_cluster() {
    if [ -f "$PG_DATA/PG_VERSION" ]; then
        if [ "$(cat "$PG_DATA/PG_VERSION")" = "$(pg_major)" ]; then
            return 0
        fi
        log "data dir $PG_DATA is from PostgreSQL $(cat "$PG_DATA/PG_VERSION"), server is $(pg_major); re-initialising (throwaway)"
        rm -rf "$PG_DATA"
    elif [ -d "$PG_DATA" ] && [ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ]; then
        log "data dir $PG_DATA is not an initialised cluster; wiping it (throwaway)"
        rm -rf "$PG_DATA"
    fi
    log "initdb in $PG_DATA (PostgreSQL $(pg_major))"
    mkdir -p "$PG_DATA"
    chown "$PG_SYSUSER:" "$PG_DATA" 2>/dev/null || true
    chmod 700 "$PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --auth=trust \
        --encoding=UTF8 --no-locale --no-sync >"$PG_DATA.initdb.log" 2>&1 \
        || { cat "$PG_DATA.initdb.log" >&2; die "initdb failed"; }
    rm -f "$PG_DATA.initdb.log"
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# ---- added by scripts/services/postgres.sh (test-only cluster) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
logging_collector = off
log_min_messages = warning
EOF
    as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'EOF'
# test-only cluster: trust everything local
local   all             all                     trust
host    all             all     127.0.0.1/32    trust
host    all             all     ::1/128         trust
local   replication     all                     trust
host    replication     all     127.0.0.1/32    trust
EOF
}

psql_admin() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres "$@"
}

ensure_database() {
    local exists
    exists=$(psql_admin -At -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")
    if [ "$exists" != "1" ]; then
        log "creating database $PG_DB"
        psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_SUPERUSER\" ENCODING 'UTF8' TEMPLATE template0"
    fi
}

cmd_start() {
    ensure_installed
    ensure_sysuser
    choose_datadir
    mkdir -p "$SERVICES_DIR"

    if is_running_ours; then
        local running_port
        running_port=$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)
        if [ -n "$running_port" ] && [ "$running_port" != "$PG_PORT" ]; then
            die "the cluster in $PG_DATA is already running on port $running_port, not $PG_PORT; stop it first ($0 stop) or use PGPORT_TEST=$running_port"
        fi
        log "already running (data dir $PG_DATA, port $PG_PORT)"
        if ! is_ready; then
            wait_ready 30 || die "running but not accepting connections on 127.0.0.1:$PG_PORT"
        fi
        ensure_database
        return 0
    fi
    if is_ready; then
        # Another server (another checkout's, or someone's own) holds the port.
        # Don't quietly create databases in it unless asked to.
        if [ "${PG_REUSE_EXISTING:-0}" = 1 ]; then
            log "a server not started from $PG_DATA is accepting connections on 127.0.0.1:$PG_PORT; reusing it (PG_REUSE_EXISTING=1)"
            ensure_database
            return 0
        fi
        die "port $PG_PORT on 127.0.0.1 is taken by a PostgreSQL server that is not this repo's ($PG_DATA); choose another port with PGPORT_TEST=..., or set PG_REUSE_EXISTING=1 to use that server"
    fi

    init_cluster
    local t0 logfile
    t0=$(date +%s.%N)
    logfile="$PG_DATA/server.log"
    log "starting PostgreSQL $(pg_major) on 127.0.0.1:$PG_PORT (data $PG_DATA, log $logfile)"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$logfile" -w -t 60 \
            -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" start >/dev/null; then
        tail -n 30 "$logfile" >&2 || true
        die "pg_ctl start failed"
    fi
    echo "$PG_DATA" >"$MARKER"
    wait_ready 60 || { tail -n 30 "$logfile" >&2 || true; die "not ready after 60s"; }
    ensure_database
    log "ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: $(cmd_url)"
}

wait_ready() {
    local timeout=$1 i=0
    while ! is_ready; do
        i=$((i + 1))
        [ "$i" -ge $((timeout * 5)) ] && return 1
        sleep 0.2
    done
}

cmd_stop() {
    if [ ! -f "$MARKER" ]; then
        log "not started by this script (no marker $MARKER); leaving any running server alone"
        return 0
    fi
    PG_DATA=$(cat "$MARKER")
    PG_BIN=$(find_bindir) || { rm -f "$MARKER"; die "server binaries gone"; }
    if is_running_ours; then
        log "stopping (data dir $PG_DATA)"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
        log "stopped"
    else
        log "was not running"
    fi
    rm -f "$MARKER"
}

cmd_url() {
    echo "postgresql+psycopg://${PG_SUPERUSER}@127.0.0.1:${PG_PORT}/${PG_DB}"
}

cmd_status() {
    PG_BIN=$(find_bindir) || { log "not installed"; return 1; }
    if is_ready; then
        log "accepting connections on 127.0.0.1:$PG_PORT$([ -f "$MARKER" ] && echo " (started by this script, data $(cat "$MARKER"))")"
    else
        log "not running on 127.0.0.1:$PG_PORT"
        return 1
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) cmd_url ;;
    status) cmd_status ;;
    *) echo "usage: $0 {start|stop|url|status}" >&2; exit 2 ;;
esac
