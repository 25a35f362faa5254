#!/usr/bin/env bash
# Back up the portal's PostgreSQL database: one pg_dump in PostgreSQL's custom format (compressed,
# restored table by table with scripts/restore.sh), to a file named after the database and the
# time (UTC), readable by its owner only. Prints the file's path.
#
#   DATABASE_URL=postgres://user:password@host:5432/wellbeing scripts/backup.sh [DIRECTORY]
#
# DIRECTORY: where the file goes (default $BACKUP_DIR, else ./backups). pg_dump must be of the
# server's major version or newer (`pg_dump --version`).
#
# What the dump is NOT: the encryption keys (CHECKUPS_NOTE_KEYS, ACCOUNTS_PHONE_KEYS and the other
# *_KEYS settings) are in the environment, never in the database. A dump without its keys cannot
# be read for the encrypted fields (notes, phone numbers); keys without the dump are useless. Keep
# the keys backed up separately (a password manager or a secrets store), and keep every key a dump
# still needs until the last dump made before a rotation (core/rotation.py) is deleted.
#
# Retention and encryption (see docs/operations.md, "Backup and restore"): copy the file off the
# machine, encrypted at rest (e.g. `age -r <recipient>` or an encrypted bucket), and keep dumps
# no longer than the retention rules allow (personal data: 35 days of dailies is the default
# advice); a deleted person's data lives on in a dump until that dump is deleted.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
# shellcheck source=scripts/pgurl.sh
. "$(dirname "$0")/pgurl.sh"
pg_url_split "$DATABASE_URL"  # the password goes by PGPASSWORD, never on a command line
url=$PG_URL
name=${url##*/}
name=${name%%\?*}
directory=${1:-${BACKUP_DIR:-backups}}
umask 077
mkdir -p "$directory"
file="$directory/${name:-database}-$(date -u +%Y%m%dT%H%M%SZ).dump"
trap 'rm -f "$file.partial"' EXIT  # a failed dump leaves no half file behind
pg_dump --format=custom --compress=6 --dbname="$url" --file="$file.partial"
# A dump that cannot be listed is no backup: check before it takes the final name.
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
trap - EXIT
echo "$file"
