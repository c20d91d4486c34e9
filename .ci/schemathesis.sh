#!/usr/bin/env bash
# Property-based tests of the open-data API against its own OpenAPI schema, all checks on:
# a throwaway SQLite database (migrated, demo data loaded), gunicorn on a free loopback
# port, then `schemathesis run … --checks all`. Exits with schemathesis's status.
#
# The rate limits are raised for the run (VERIFY_RATE_LIMIT, API_THROTTLE_RATE): a 429 is a
# declared and valid answer, but a run spent on 429s would test little else. The complaint
# limit is left as it is; the hooks (.ci/schemathesis_hooks.py) send each complaint from
# its own address instead, and make valid complaint bodies follow the two form rules JSON
# Schema cannot state (photos are images, the purchase date is not in the future).
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
if [[ ! -x "$VENV/bin/schemathesis" ]]; then
    echo "error: $VENV/bin/schemathesis is missing; install requirements-dev.txt (make test does)" >&2
    exit 2
fi

work=$(mktemp -d /tmp/shanting-gi-schemathesis.XXXXXX)
server_pid=""
cleanup() {
    status=$?
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A production-like configuration on SQLite, whatever the caller's environment says.
unset DATABASE_URL REDIS_URL
export SQLITE_PATH="$work/db.sqlite3"
export MEDIA_ROOT="$work/media"
export STATIC_ROOT="$work/static"
export CACHE_DIR="$work/cache"
export DEBUG=0
export SECURE_SSL_REDIRECT=0  # plain HTTP on loopback
export ALLOWED_HOSTS=127.0.0.1
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
LABEL_SIGNING_KEYS="1:$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
export SECRET_KEY LABEL_SIGNING_KEYS
export VERIFY_RATE_LIMIT=1000000
export API_THROTTLE_RATE=1000000/min
export TRUSTED_PROXY_COUNT=1  # the hooks' X-Forwarded-For: one address per complaint
export SCHEMATHESIS_HOOKS=schemathesis_hooks
export PYTHONPATH="$PWD/.ci${PYTHONPATH:+:$PYTHONPATH}"

echo "== database: migrate and load the demo data ($SQLITE_PATH)"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }
# The error pages need the hashed static files, as in production.
"$PY" manage.py collectstatic --noinput -v 0

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
echo "== gunicorn on $base"
# Django's request log ("Not Found: …", one line per 4xx) goes to the server log, not here.
"$VENV/bin/gunicorn" shanting_gi.wsgi -b "127.0.0.1:$port" --workers 2 --threads 4 \
    --access-logfile "$work/access.log" --error-logfile - >"$work/server.log" 2>&1 &
server_pid=$!

healthy=""
for _ in $(seq 1 150); do  # up to 30 s
    if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "$base/healthz" 2>/dev/null; then
        healthy=yes
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
if [[ -z "$healthy" ]]; then
    echo "error: $base/healthz did not answer" >&2
    cat "$work/server.log" >&2
    exit 1
fi

echo "== $("$VENV/bin/schemathesis" --version | tail -n 1)"
set +e
"$VENV/bin/schemathesis" run "$base/api/schema/" --checks all --seed 1 \
    --generation-database none "$@"
status=$?
set -e
echo "== responses by status (all requests, then POST /api/v1/complaints/)"
awk '{print $9}' "$work/access.log" | sort | uniq -c | tr '\n' ' '
echo
awk '$6 == "\"POST" && $7 ~ /^\/api\/v1\/complaints\// {print $9}' "$work/access.log" |
    sort | uniq -c | tr '\n' ' '
echo
if grep -q "Traceback" "$work/server.log"; then
    echo "-- server errors:" >&2
    grep -B 2 -A 40 "Traceback" "$work/server.log" | head -n 200 >&2
fi
exit "$status"
