# Sourced by backup.sh and restore.sh: turn a DATABASE_URL into what libpq's tools take without
# putting the password on a command line, where `ps` and /proc show it to every local user.
#
#   pg_url_split "$DATABASE_URL"   # sets PG_URL (no password) and exports PGPASSWORD (decoded)

pg_url_split() {
  local url rest userinfo hostpart user pass
  # dj-database-url spellings that libpq does not know.
  url=$(printf '%s' "$1" | sed -E 's#^(postgres|postgresql|pgsql|postgis)://#postgresql://#')
  rest=${url#postgresql://}
  PG_URL=$url
  if [[ "$rest" == *@* ]]; then
    userinfo=${rest%@*}
    hostpart=${rest##*@}
    if [[ "$userinfo" == *:* ]]; then
      user=${userinfo%%:*}
      pass=${userinfo#*:}
      PGPASSWORD=$(printf '%b' "${pass//%/\\x}")  # percent-decoded, as libpq would
      export PGPASSWORD
      PG_URL="postgresql://${user}@${hostpart}"
    fi
  fi
}
