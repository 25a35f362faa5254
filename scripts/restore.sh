#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a PostgreSQL database, then check that the
# portal's code and the restored schema agree (`manage.py migrate --check`).
#
#   scripts/restore.sh [--force] [--no-check] DUMPFILE [TARGET_DATABASE_URL]
#
# TARGET_DATABASE_URL defaults to $DATABASE_URL. The target database must exist (createdb). It
# refuses a database that already has tables, unless --force: restoring over the live database
# replaces every row in it. The restore is one transaction (--single-transaction): it either
# finishes or leaves the target as it was. Owners and grants of the source are not restored
# (--no-owner --no-privileges): the tables belong to the user of TARGET_DATABASE_URL.
#
# The check runs `manage.py migrate --check` with DATABASE_URL set to the target, in the
# portal's environment (its settings need their secrets as in production; $PYTHON, default
# `python`); --no-check skips it. The encrypted fields can only be read with the keys of the
# source: see docs/operations.md, "Backup and restore".
set -euo pipefail
force=0
check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --no-check) check=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    --*) echo "restore.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/restore.sh [--force] [--no-check] DUMPFILE [TARGET_DATABASE_URL]" >&2
  exit 2
fi
dump=$1
target=${2:-${DATABASE_URL:-}}
if [ -z "$target" ]; then
  echo "restore.sh: give TARGET_DATABASE_URL or set DATABASE_URL" >&2
  exit 2
fi
# shellcheck source=scripts/pgurl.sh
. "$(dirname "$0")/pgurl.sh"
pg_url_split "$target"  # the password goes by PGPASSWORD, never on a command line
url=$PG_URL
pg_restore --list "$dump" >/dev/null  # a readable dump, before anything is touched
tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ] && [ "$force" != "1" ]; then
  echo "restore.sh: the target database already has $tables tables; refusing to restore over it." >&2
  echo "restore.sh: restore into a new, empty database, or pass --force to replace its contents." >&2
  exit 3
fi
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$url" "$dump"
echo "restore.sh: restored $(basename "$dump")"
if [ "$check" = "1" ]; then
  cd "$(dirname "$0")/.."
  DATABASE_URL=$target "${PYTHON:-python}" manage.py migrate --check
  echo "restore.sh: the schema matches this code's migrations"
fi
