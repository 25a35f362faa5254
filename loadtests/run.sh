#!/usr/bin/env bash
# The load test, one command (docs/performance.md, "Load test"):
#
#   loadtests/run.sh
#
# Makes a fresh PostgreSQL database, migrates, seeds (seed_demo and loadtests/seed_load.py),
# collects the static files, starts gunicorn with the production settings (debug off, throwaway
# secrets, Redis for the cache and the broker) on 127.0.0.1 only, runs Locust headless against
# it, stops gunicorn and prints the figures per journey (loadtests/report.py). Exits non-zero
# when a target is missed or a journey failed.
#
# Settings (environment), with their defaults:
#   LOADTEST_DATABASE_URL  postgres://postgres@127.0.0.1:5432/wb_loadtest  (dropped and made again)
#   LOADTEST_REUSE_DB=1    keep the database of the previous run (no drop, migrate or seed)
#   LOADTEST_REDIS_URL     redis://127.0.0.1:6379  (databases 14, cache, and 15, broker: both emptied)
#   LOADTEST_USERS=50  LOADTEST_SPAWN_RATE=2  LOADTEST_RUN_TIME=2m  LOADTEST_PORT=8765
#   LOADTEST_CEILING_TIME=20s  (the first phase: /healthz alone, the ceiling)
#   LOADTEST_CAPACITY_TIME=20s  (the last phase: the same people without pauses, the pages' capacity)
#   LOADTEST_EMPLOYEES=200  (accounts seeded; the other roles: loadtests/seed_load.py)
#   GUNICORN_WORKERS (wellbeing/gunicorn_conf.py's default, 3)
#   LOADTEST_OUT=var/loadtest  (Locust's CSV files, its log, gunicorn's log, summary.json)
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
LOCUST="${LOCUST:-.venv/bin/locust}"
GUNICORN="${GUNICORN:-.venv/bin/gunicorn}"
DB_URL="${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wb_loadtest}"
REDIS="${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379}"
USERS="${LOADTEST_USERS:-50}"
SPAWN="${LOADTEST_SPAWN_RATE:-2}"  # people arrive over 25 s, as a shift does, not 50 logins at once
RUN_TIME="${LOADTEST_RUN_TIME:-2m}"
CEILING_TIME="${LOADTEST_CEILING_TIME:-20s}"
CAPACITY_TIME="${LOADTEST_CAPACITY_TIME:-20s}"
PORT="${LOADTEST_PORT:-8765}"
OUT="${LOADTEST_OUT:-var/loadtest}"
mkdir -p "$OUT"
rm -f "$OUT"/stats_*.csv "$OUT"/summary.json "$OUT"/locust_cpu

secret() { head -c 48 /dev/urandom | base64 | tr -d '/+=\n'; }
fernet_key() { "$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"; }

# Production settings with throwaway secrets, made with the database and kept beside it in
# $OUT/secrets.env (var/ is not committed) only so that LOADTEST_REUSE_DB=1 can read what was
# encrypted with them.
export DJANGO_DEBUG=false
export DATABASE_URL="$DB_URL"
if [[ "${LOADTEST_REUSE_DB:-}" == "1" && -f "$OUT/secrets.env" ]]; then
  set -a
  # shellcheck disable=SC1091
  . "$OUT/secrets.env"
  set +a
else
  (
    umask 077
    cat >"$OUT/secrets.env" <<SECRETS
DJANGO_SECRET_KEY=load-$(secret)
MESSAGE_KEY_SECRET=load-$(secret)
CHECKUPS_NOTE_KEYS=$(fernet_key)
PEER_SUPPORT_NOTE_KEYS=$(fernet_key)
MONITOR_DRAFT_KEYS=$(fernet_key)
ACCOUNTS_PHONE_KEYS=$(fernet_key)
EXPERTS_KEYS=$(fernet_key)
SECRETS
  )
  set -a
  # shellcheck disable=SC1091
  . "$OUT/secrets.env"
  set +a
  unset LOADTEST_REUSE_DB
fi
export EMAIL_URL="smtp://127.0.0.1:25"  # the outbox sends later (Celery): no worker runs here, nothing is sent
export CACHE_URL="$REDIS/14"
export CELERY_BROKER_URL="$REDIS/15"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
# Locust plays the TLS proxy: X-Forwarded-Proto https and one X-Forwarded-For address per person
# (loadtests/locustfile.py), so the HTTPS redirect, the secure cookies and every rate limit stay
# as in production, counted per person as behind a real proxy.
export TRUSTED_PROXY_COUNT=1
export GUNICORN_BIND="127.0.0.1:$PORT"
export PROMETHEUS_MULTIPROC_DIR="$PWD/$OUT/prometheus"

redis_flush() { "$PY" -c "import redis, sys; [redis.Redis.from_url(u).flushdb() for u in sys.argv[1:]]" "$CACHE_URL" "$CELERY_BROKER_URL"; }

if [[ "${LOADTEST_REUSE_DB:-}" != "1" ]]; then
  db_name="${DB_URL##*/}"
  server="${DB_URL%/*}"
  if [[ "$db_name" != *loadtest* ]]; then
    echo "loadtests/run.sh: refusing to drop \"$db_name\": the load test's database must have 'loadtest' in its name." >&2
    exit 2
  fi
  echo "== fresh database $db_name"
  psql "$server/postgres" -q -c "DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)" -c "CREATE DATABASE \"$db_name\""
  "$PY" manage.py migrate -v0
  "$PY" manage.py seed_demo >/dev/null
  LOADTEST_SEED=1 "$PY" loadtests/seed_load.py --employees "${LOADTEST_EMPLOYEES:-200}"
  # The planner's statistics, as autovacuum would have them on a database in use: right after a
  # bulk seed it takes the free-times query's tables for empty (41 ms instead of 3 for a week).
  psql "$DB_URL" -q -c "ANALYZE"
fi
[[ -f staticfiles/staticfiles.json && "${LOADTEST_REUSE_DB:-}" == "1" ]] || "$PY" manage.py collectstatic --noinput -v0
redis_flush

echo "== gunicorn on $GUNICORN_BIND (${GUNICORN_WORKERS:-3} workers)"
"$GUNICORN" -c python:wellbeing.gunicorn_conf wellbeing.wsgi >"$OUT/gunicorn.log" 2>&1 &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS -H "X-Forwarded-Proto: https" "http://$GUNICORN_BIND/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS -H "X-Forwarded-Proto: https" "http://$GUNICORN_BIND/healthz" >/dev/null

echo "== locust: /healthz alone for $CEILING_TIME, then $USERS users, $SPAWN/s, for $RUN_TIME, then without pauses for $CAPACITY_TIME (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"
status=0
# The phases (the ceiling, the people, the people without pauses) are the locustfile's shape, from these variables.
# One Locust process (the capacity phase is a flag the shape sets for the users in that process).
# Locust runs under a small wrapper that writes the CPU it used: the load generator shares the
# two cores with the server, and what it takes is not there for the pages.
LOADTEST_SUMMARY="$OUT/summary.json" LOADTEST_USERS="$USERS" LOADTEST_SPAWN_RATE="$SPAWN" \
  LOADTEST_RUN_TIME="$RUN_TIME" LOADTEST_CEILING_TIME="$CEILING_TIME" LOADTEST_CAPACITY_TIME="$CAPACITY_TIME" \
  "$PY" -c '
import resource, subprocess, sys
status = subprocess.call(sys.argv[2:])
used = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{used.ru_utime + used.ru_stime:.1f}")
sys.exit(status)' "$OUT/locust_cpu" \
  "$LOCUST" -f loadtests/locustfile.py --headless --host "http://$GUNICORN_BIND" \
  --csv "$OUT/stats" --only-summary --loglevel WARNING >"$OUT/locust.log" 2>&1 || status=$?
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"
# The CPU the web processes used (user + system, all workers): what each request costs, whatever
# else runs on the machine.
worker_cpu="$("$PY" -c "
import os, sys
tick = os.sysconf('SC_CLK_TCK')
total = 0
for pid in open(f'/proc/{sys.argv[1]}/task/{sys.argv[1]}/children').read().split():
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    total += int(fields[11]) + int(fields[12])
print(f'{total / tick:.1f}')
" "$gunicorn_pid" 2>/dev/null || echo "?")"

kill "$gunicorn_pid" 2>/dev/null || true
wait "$gunicorn_pid" 2>/dev/null || true
trap - EXIT
redis_flush

"$PY" loadtests/report.py "$OUT/summary.json" --users "$USERS" --workers "${GUNICORN_WORKERS:-3}" \
  --loadavg-before "$loadavg_before" --loadavg-after "$loadavg_after" --worker-cpu "$worker_cpu" \
  --locust-cpu "$(cat "$OUT/locust_cpu" 2>/dev/null || echo "?")" \
  --request-log "$OUT/gunicorn.log" || status=$?
echo "(Locust's own output: $OUT/locust.log; CSV: $OUT/stats_*.csv)"
exit "$status"
