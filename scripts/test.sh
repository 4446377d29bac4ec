#!/usr/bin/env bash
# The test passes, each with pytest-xdist (a test file stays on one worker, so a module's server
# and browser start once; the files go out longest first, tests/conftest.py):
#   sqlite [ARGS]    everything except tests/scale on SQLite/SpatiaLite, TEST_WORKERS workers
#                    (3 on these two cores: much of the suite waits on servers and browsers)
#   postgres [ARGS]  only what can differ by backend (`-m backend`, tests/conftest.py says which
#                    and why), among them tests/scale with two server workers on PostgreSQL/PostGIS
#                    and Redis; POSTGRES_WORKERS workers (2). The rest runs once, on SQLite.
#   all (default)    both side by side, as `make test` runs them.
# Side by side: the SQLite pass keeps the two cores about 70 % busy, and the PostgreSQL pass
# mostly waits on its servers (its longest test is a two-minute chaos run), so together they take
# about as long as the SQLite pass alone instead of six minutes more (decision 0014). The
# PostgreSQL output is printed when both are done; the exit status is the first failing pass's.
set -uo pipefail
cd "$(dirname "$0")/.."

pytest=(.venv/bin/python -m pytest -p no:cacheprovider --dist loadfile --no-loadscope-reorder)

sqlite_pass() {
    "${pytest[@]}" -n "${TEST_WORKERS:-3}" --ignore=tests/scale "$@"
}

postgres_pass() {
    eval "$(bash scripts/services.sh env)"
    # The test process keeps the in-process fan-out: Redis is proven across real processes in
    # tests/scale and tests/faults.
    unset REDIS_URL
    "${pytest[@]}" -n "${POSTGRES_WORKERS:-2}" -m backend "$@"
}

mode="${1:-all}"
[ $# -gt 0 ] && shift
case "$mode" in
    sqlite) sqlite_pass "$@"; exit ;;
    postgres) postgres_pass "$@"; exit ;;
    all) ;;
    *) echo "usage: scripts/test.sh [all|sqlite|postgres] [pytest arguments]" >&2; exit 2 ;;
esac

log="$(mktemp -t wijktafel-postgres-XXXXXX.log)"
trap 'rm -f "$log"' EXIT
(postgres_pass "$@") >"$log" 2>&1 &
postgres_pid=$!

echo "==> SQLite/SpatiaLite: the whole suite but tests/scale (PostgreSQL runs beside it)"
sqlite_pass "$@"
sqlite=$?

wait "$postgres_pid"
postgres=$?
echo
echo "==> PostgreSQL/PostGIS: the tests marked backend"
cat "$log"

if [ "$sqlite" -ne 0 ]; then exit "$sqlite"; fi
exit "$postgres"
