#!/usr/bin/env bash
# Throwaway copies of the external services the portal can use, for CI and for local runs:
#   PostgreSQL 15 on 127.0.0.1:55432, Redis on 127.0.0.1:56379, and an Elasticsearch-API server
#   (noida-db from the project virtualenv) on 127.0.0.1:59200.
# Everything lives in one state directory that `down` deletes; nothing touches the system clusters.
#
#   scripts/services.sh up       start what is not already running (idempotent), wait until ready
#   scripts/services.sh down     stop everything, including leftovers of an earlier run (idempotent)
#   scripts/services.sh env      print `export` lines:  eval "$(scripts/services.sh env)"
#   scripts/services.sh status   say what answers on each port
#
# Tunables (environment): PORTAL_SERVICES_DIR, PORTAL_PG_PORT, PORTAL_REDIS_PORT, PORTAL_ES_PORT,
# PORTAL_SERVICES_TIMEOUT (seconds to wait for each service), NOIDA_DB (path to the noida-db CLI),
# PG_BINDIR (PostgreSQL server binaries).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${PORTAL_SERVICES_DIR:-${TMPDIR:-/tmp}/portal-services-$(id -u)}
PG_PORT=${PORTAL_PG_PORT:-55432}
REDIS_PORT=${PORTAL_REDIS_PORT:-56379}
ES_PORT=${PORTAL_ES_PORT:-59200}
TIMEOUT=${PORTAL_SERVICES_TIMEOUT:-60}
NOIDA=${NOIDA_DB:-$ROOT/.venv/bin/noida-db}

PG_DATA=$STATE_DIR/postgres/data
PG_SOCK=$STATE_DIR/postgres/socket
PG_LOG=$STATE_DIR/postgres/postgres.log
REDIS_DIR=$STATE_DIR/redis
NOIDA_DIR=$STATE_DIR/noida

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pg_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then echo "$PG_BINDIR"; return; fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then echo /usr/lib/postgresql/15/bin; return; fi
    local found
    found=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    [[ -n $found ]] || die "PostgreSQL server binaries not found (install postgresql, or set PG_BINDIR)"
    echo "$found"
}

# As root, each server runs as its own unprivileged system user (PostgreSQL refuses to run as root);
# as a normal user, everything runs as that user.
as_user() {
    local user=$1; shift
    if [[ $EUID -eq 0 ]] && id "$user" >/dev/null 2>&1; then
        # From /, so the server user is not left in a directory it may not read (e.g. /root).
        (cd / && runuser -u "$user" -- "$@")
    else
        "$@"
    fi
}

pg_user() { if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi; }
redis_user() { if [[ $EUID -eq 0 ]] && id redis >/dev/null 2>&1; then echo redis; else id -un; fi; }

# noida-db is built against a newer glibc and prints a harmless "weak version GLIBC_2.39 not found"
# line on Debian 12 (the two weak symbols have a runtime fallback); keep the output readable.
noida() {
    [[ -x $NOIDA ]] || die "$NOIDA not found: create the virtualenv first (make install)"
    "$NOIDA" "$@" 2> >(grep -v "weak version \`GLIBC_" >&2)
}

# Wait until "$@" succeeds, at most $TIMEOUT seconds.
wait_for() {
    local what=$1; shift
    local deadline=$((SECONDS + TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "$what not ready after ${TIMEOUT}s"
            return 1
        fi
        sleep 0.2
    done
}

# Port helpers --------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PIDs listening on a TCP port (needs ss from iproute2; empty if unavailable).
listeners() {
    command -v ss >/dev/null 2>&1 || return 0
    ss -Htlnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

# Stop whatever one of *our* servers (by program name) still holds a port, e.g. left by an earlier
# run whose state directory is gone. Anything else on the port is reported, not touched.
free_port() {
    local port=$1 pid comm signal
    for pid in $(listeners "$port"); do
        comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
        case $comm in
            postgres | postmaster) signal=INT ;; # fast shutdown
            redis-server | noida-db) signal=TERM ;;
            *)
                log "port $port is held by pid $pid ($comm), which is not ours: not touching it"
                continue
                ;;
        esac
        log "stopping leftover $comm (pid $pid) on port $port"
        kill "-$signal" "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + 15))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid did not stop, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if port_open "$port"; then
        log "port $port is still in use"
        return 1
    fi
}

# PostgreSQL ------------------------------------------------------------------------------------------

pg_running() {
    [[ -f $PG_DATA/postmaster.pid ]] && "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

pg_up() {
    if pg_running; then
        log "postgres already running on 127.0.0.1:$PG_PORT"
        return
    fi
    pg_down
    free_port "$PG_PORT" || die "cannot start postgres"
    local bin user
    bin=$(pg_bindir)
    user=$(pg_user)
    rm -rf "$STATE_DIR/postgres"
    mkdir -p "$PG_DATA" "$PG_SOCK"
    chown -R "$user" "$STATE_DIR/postgres"
    chmod 700 "$PG_DATA"
    log "initdb ($bin) as $user"
    as_user "$user" "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$STATE_DIR/postgres/initdb.log" 2>&1 ||
        { cat "$STATE_DIR/postgres/initdb.log" >&2; die "initdb failed"; }
    # Durability is pointless for a throwaway test database; turning it off makes tests faster.
    as_user "$user" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$TIMEOUT" \
        -o "-k $PG_SOCK -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { tail -n 30 "$PG_LOG" >&2; die "postgres did not start"; }
    wait_for postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || { tail -n 30 "$PG_LOG" >&2; exit 1; }
    # The role may create databases because pytest-django creates test_portal. unaccent (and pg_trgm)
    # go into template1 too, so every database created later, test ones included, already has them.
    as_user "$user" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres <<'SQL' >/dev/null
CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB;
\connect template1
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
\connect postgres
CREATE DATABASE portal OWNER portal;
SQL
    PGPASSWORD=portal "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U portal -d portal -tAc \
        "SELECT 1 FROM pg_extension WHERE extname = 'unaccent'" | grep -q 1 ||
        die "postgres: role portal cannot use database portal with unaccent"
    log "postgres ready on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}

pg_down() {
    if [[ -f $PG_DATA/postmaster.pid ]]; then
        log "stopping postgres"
        as_user "$(pg_user)" "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w -t "$TIMEOUT" stop >/dev/null || true
    fi
}

# Redis -----------------------------------------------------------------------------------------------

redis_ping() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_up() {
    if [[ -f $REDIS_DIR/redis.pid ]] && redis_ping; then
        log "redis already running on 127.0.0.1:$REDIS_PORT"
        return
    fi
    redis_down
    free_port "$REDIS_PORT" || die "cannot start redis"
    command -v redis-server >/dev/null || die "redis-server not found (install redis-server)"
    rm -rf "$REDIS_DIR"
    mkdir -p "$REDIS_DIR"
    chown "$(redis_user)" "$REDIS_DIR"
    as_user "$(redis_user)" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
        --save "" --appendonly no --dir "$REDIS_DIR" \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    wait_for redis redis_ping || { tail -n 30 "$REDIS_DIR/redis.log" >&2; exit 1; }
    log "redis ready on 127.0.0.1:$REDIS_PORT"
}

redis_down() {
    if redis_ping; then
        log "stopping redis"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        wait_for "redis shutdown" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT)" || true
    fi
}

# Elasticsearch API (noida-db) ------------------------------------------------------------------------

es_ready() { curl -fsS -m 2 "http://127.0.0.1:$ES_PORT/" >/dev/null 2>&1; }

es_up() {
    if [[ -d $NOIDA_DIR ]] && es_ready; then
        log "search server already running on 127.0.0.1:$ES_PORT"
        return
    fi
    es_down
    free_port "$ES_PORT" || die "cannot start the search server"
    rm -rf "$NOIDA_DIR"
    mkdir -p "$NOIDA_DIR"
    noida up --data-dir "$NOIDA_DIR" --host 127.0.0.1 --only elasticsearch --elasticsearch-port "$ES_PORT" \
        >"$STATE_DIR/noida-up.log" || { cat "$STATE_DIR/noida-up.log" >&2; die "noida-db up failed"; }
    wait_for "search server" es_ready || { tail -n 30 "$NOIDA_DIR/noida.log" >&2; exit 1; }
    log "search server (Elasticsearch API) ready on 127.0.0.1:$ES_PORT"
}

es_down() {
    if [[ -d $NOIDA_DIR ]] && [[ -x $NOIDA ]]; then
        log "stopping the search server"
        noida down --data-dir "$NOIDA_DIR" >/dev/null || true
    fi
}

# Commands --------------------------------------------------------------------------------------------

cmd_up() {
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    pg_up
    redis_up
    es_up
}

cmd_down() {
    es_down
    redis_down
    pg_down
    local rc=0
    free_port "$ES_PORT" || rc=1
    free_port "$REDIS_PORT" || rc=1
    free_port "$PG_PORT" || rc=1
    rm -rf "$STATE_DIR"
    if ((rc == 0)); then log "all services stopped"; else log "some ports are still in use (see above)"; fi
    return $rc
}

cmd_env() {
    # Broker and cache use different Redis databases: clearing the cache must not drop queued tasks.
    cat <<EOF
export DATABASE_URL=postgres://portal:portal@127.0.0.1:$PG_PORT/portal
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1
export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT
EOF
    if [[ -x /usr/bin/chromium ]]; then
        echo "export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium"
    fi
}

cmd_status() {
    local rc=0
    if port_open "$PG_PORT"; then echo "postgres  127.0.0.1:$PG_PORT  up"; else echo "postgres  127.0.0.1:$PG_PORT  down"; rc=1; fi
    if redis_ping; then echo "redis     127.0.0.1:$REDIS_PORT  up"; else echo "redis     127.0.0.1:$REDIS_PORT  down"; rc=1; fi
    if es_ready; then echo "search    127.0.0.1:$ES_PORT  up"; else echo "search    127.0.0.1:$ES_PORT  down"; rc=1; fi
    return $rc
}

case ${1:-} in
    up) cmd_up ;;
    down) cmd_down ;;
    env) cmd_env ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 up|down|env|status" >&2
        exit 2
        ;;
esac
