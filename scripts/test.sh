#!/usr/bin/env bash
# The two passes of `make test`, run at the same time:
#   * everything except tests/scale on SQLite/SpatiaLite (TEST_WORKERS workers, 3 by default);
#   * the backend-sensitive tests (`-m backend`, tests/conftest.py says which and why), among
#     them tests/scale with two server workers, on PostgreSQL/PostGIS and Redis
#     (POSTGRES_WORKERS workers, 2 by default).
# The SQLite pass keeps the two cores about 70 % busy; the PostgreSQL pass is mostly waiting on
# its servers (its longest test is a two-minute chaos run), so side by side they take about as
# long as the SQLite pass alone instead of six minutes more. The PostgreSQL pass writes to a log
# that is printed when both are done; the exit status is the first failing pass's.
set -uo pipefail
cd "$(dirname "$0")/.."

pytest=(.venv/bin/python -m pytest -p no:cacheprovider --dist loadfile --no-loadscope-reorder)
log="$(mktemp -t wijktafel-postgres-XXXXXX.log)"
trap 'rm -f "$log"' EXIT

(
    eval "$(bash scripts/services.sh env)"
    # The test process keeps the in-process fan-out: Redis is proven across real processes in
    # tests/scale and tests/faults.
    unset REDIS_URL
    exec "${pytest[@]}" -n "${POSTGRES_WORKERS:-2}" -m backend
) >"$log" 2>&1 &
postgres_pid=$!

echo "==> SQLite/SpatiaLite: the whole suite but tests/scale (PostgreSQL runs beside it)"
"${pytest[@]}" -n "${TEST_WORKERS:-3}" --ignore=tests/scale
sqlite=$?

wait "$postgres_pid"
postgres=$?
echo
echo "==> PostgreSQL/PostGIS: the tests marked backend"
cat "$log"

if [ "$sqlite" -ne 0 ]; then exit "$sqlite"; fi
exit "$postgres"
