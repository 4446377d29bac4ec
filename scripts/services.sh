#!/usr/bin/env bash
# Project-local PostgreSQL/PostGIS and Redis for the scale-out deployment and its tests.
#
#   scripts/services.sh [start]   install (Debian packages) if missing, start if stopped, print env
#   scripts/services.sh stop      stop both (fast shutdown; data is kept)
#   scripts/services.sh status    exit 0 when both answer
#   scripts/services.sh env       print `export DATABASE_URL=... REDIS_URL=...` (for eval)
#   scripts/services.sh destroy   stop and delete the data directories
#
# Both listen on 127.0.0.1 only, on their own ports (54329, 63799 by default), with their data
# under .services/ in the repository (or /var/tmp, see below), so they never touch a system
# instance. No systemd.
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` system user
# (runuser); as a normal user it belongs to that user.
#
# Environment (all optional): WIJKTAFEL_SERVICES_DIR (default .services), WIJKTAFEL_PG_PORT,
# WIJKTAFEL_REDIS_PORT, WIJKTAFEL_PG_PASSWORD, WIJKTAFEL_SERVICES_NO_INSTALL=1 (fail instead of
# installing). The tests use these to start throw-away instances of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DIR=${WIJKTAFEL_SERVICES_DIR:-$ROOT/.services}
case "$DIR" in /*) ;; *) DIR="$ROOT/$DIR" ;; esac
# As root the cluster belongs to the postgres user, who must reach its directory. A checkout in a
# private directory (`mktemp -d`, a home of mode 0700) keeps other users out; its services then
# live under /var/tmp, in a directory named after the checkout (the same on every call).
if [ -z "${WIJKTAFEL_SERVICES_DIR:-}" ] && [ "$(id -u)" -eq 0 ] \
    && ! runuser -u nobody -- test -x "$ROOT" 2>/dev/null; then
  DIR="/var/tmp/wijktafel-services-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
fi
PG_PORT=${WIJKTAFEL_PG_PORT:-54329}
REDIS_PORT=${WIJKTAFEL_REDIS_PORT:-63799}
PG_USER=wijktafel
PG_DB=wijktafel
# A throw-away local instance on loopback: the password only keeps the URL realistic.
PG_PASSWORD=${WIJKTAFEL_PG_PASSWORD:-wijktafel-local}
PGDIR="$DIR/pg"
PGDATA="$PGDIR/data"
REDISDIR="$DIR/redis"
WAIT_SECONDS=30

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

database_url() { echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"; }
redis_url() { echo "redis://127.0.0.1:$REDIS_PORT/0"; }

print_env() {
  echo "export DATABASE_URL=$(database_url)"
  echo "export REDIS_URL=$(redis_url)"
}

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_packages() {
  local wanted=(postgresql postgresql-15-postgis-3 redis-server) missing=() pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${WIJKTAFEL_SERVICES_NO_INSTALL:-}" = 1 ]; then
    echo "services.sh: missing packages: ${missing[*]} (run scripts/services.sh once)" >&2
    exit 1
  fi
  echo "==> Installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >&2
}

# Run a command as the owner of the cluster (postgres when we are root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_running() {
  [ -f "$PGDATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

psql_admin() {  # psql as the cluster's superuser over the private unix socket
  as_pg env PGOPTIONS="-c client_min_messages=warning" "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PG_PORT" -d "${PSQL_DB:-postgres}" "$@"
}

pg_init() {
  mkdir -p "$PGDIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PGDIR"
    if ! runuser -u postgres -- test -w "$PGDIR"; then
      echo "services.sh: the postgres user cannot reach $PGDIR; set WIJKTAFEL_SERVICES_DIR" \
        "to a directory it can use (for example /var/tmp/wijktafel-services)" >&2
      exit 1
    fi
  fi
  echo "==> Creating the PostgreSQL cluster in $PGDATA" >&2
  as_pg "$BIN/initdb" -D "$PGDATA" -E UTF8 --locale=C.UTF-8 --auth-local=peer \
    --auth-host=scram-sha-256 >"$PGDIR/initdb.log" 2>&1 \
    || { cat "$PGDIR/initdb.log" >&2; exit 1; }
  as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF

# --- Wijktafel project-local instance (scripts/services.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGDIR'
max_connections = 200
shared_buffers = 128MB
log_min_duration_statement = 2000
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

pg_bootstrap() {
  # Idempotent: the role, the database and PostGIS in template1, so Django's test databases
  # (created from template1 by a role with CREATEDB, not a superuser) have it already.
  PSQL_DB=postgres psql_admin -v pw="$PG_PASSWORD" <<'EOF'
SELECT format('CREATE ROLE wijktafel LOGIN CREATEDB PASSWORD %L', :'pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wijktafel') \gexec
SELECT format('ALTER ROLE wijktafel PASSWORD %L', :'pw') \gexec
SELECT 'CREATE DATABASE wijktafel OWNER wijktafel'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'wijktafel') \gexec
EOF
  PSQL_DB=template1 psql_admin -c "CREATE EXTENSION IF NOT EXISTS postgis"
  PSQL_DB=wijktafel psql_admin -c "CREATE EXTENSION IF NOT EXISTS postgis"
}

pg_start() {
  [ -f "$PGDATA/PG_VERSION" ] || pg_init
  if pg_running; then
    return 0
  fi
  echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT" >&2
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDIR/postgresql.log" -w -t "$WAIT_SECONDS" start >/dev/null \
    || { tail -n 30 "$PGDIR/postgresql.log" >&2; exit 1; }
  pg_bootstrap
}

pg_stop() {
  if pg_running; then
    echo "==> Stopping PostgreSQL" >&2
    as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w -t "$WAIT_SECONDS" stop >/dev/null
  fi
}

redis_running() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

redis_start() {
  mkdir -p "$REDISDIR"
  redis_running && return 0
  cat >"$REDISDIR/redis.conf" <<EOF
# Wijktafel project-local Redis (scripts/services.sh): pub/sub fan-out and shared rate-limit
# counters. Nothing in it must survive a restart, so it does not persist.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDISDIR/redis.pid
logfile $REDISDIR/redis.log
dir $REDISDIR
save ""
appendonly no
maxmemory 256mb
maxmemory-policy allkeys-lru
EOF
  echo "==> Starting Redis on 127.0.0.1:$REDIS_PORT" >&2
  redis-server "$REDISDIR/redis.conf"
  local i
  for ((i = 0; i < WAIT_SECONDS * 10; i++)); do
    redis_running && return 0
    sleep 0.1
  done
  echo "services.sh: Redis did not answer within $WAIT_SECONDS s" >&2
  tail -n 20 "$REDISDIR/redis.log" >&2 || true
  exit 1
}

redis_stop() {
  if redis_running; then
    echo "==> Stopping Redis" >&2
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < WAIT_SECONDS * 10; i++)); do
      redis_running || return 0
      sleep 0.1
    done
  fi
}

command=${1:-start}
case "$command" in
  start)
    install_packages
    BIN=$(pg_bindir)
    pg_start
    redis_start
    print_env
    ;;
  stop)
    if BIN=$(pg_bindir); then pg_stop; fi
    command -v redis-cli >/dev/null && redis_stop
    ;;
  status)
    BIN=$(pg_bindir)
    pg_running && redis_running
    ;;
  env)
    print_env
    ;;
  destroy)
    if BIN=$(pg_bindir); then pg_stop; fi
    command -v redis-cli >/dev/null && redis_stop
    rm -rf "$PGDIR" "$REDISDIR"
    ;;
  *)
    echo "usage: $0 [start|stop|status|env|destroy]" >&2
    exit 2
    ;;
esac
