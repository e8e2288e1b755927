#!/bin/sh
# Test-only: the official image's first-start contract, as much as docker/compose.yaml uses it.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pw=$(cat "$POSTGRES_PASSWORD_FILE")
  pwfile=$(mktemp)
  printf '%s\n' "$pw" >"$pwfile"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -qc "CREATE DATABASE \"$POSTGRES_DB\""
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec "$@"
