#!/usr/bin/env bash
# Starts the local PostgreSQL server that the dbt and Meltano tests use, and creates their
# role and database. Idempotent, and quick when the server already runs. The server itself
# comes from envs/debian.txt (`postgresql`, installed by 00-debian-packages.sh).
#
# Connection (the tests read the same variables, with the same defaults):
#   GETTY_PG_HOST=localhost GETTY_PG_PORT=5432 GETTY_PG_USER=getty
#   GETTY_PG_PASSWORD=getty GETTY_PG_DATABASE=getty_test
set -euo pipefail

host="${GETTY_PG_HOST:-localhost}"
port="${GETTY_PG_PORT:-5432}"
role="${GETTY_PG_USER:-getty}"
password="${GETTY_PG_PASSWORD:-getty}"
database="${GETTY_PG_DATABASE:-getty_test}"

case "$host" in
  localhost | 127.0.0.1 | ::1) ;;
  *) echo "postgres: GETTY_PG_HOST=$host is not local; using that server as it is"; exit 0 ;;
esac

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

command -v pg_lsclusters >/dev/null || {
  echo "postgres: pg_lsclusters not found; add 'postgresql' to envs/debian.txt and run make services" >&2
  exit 1
}

if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  # A Debian cluster listening on $port, else a new one of the newest installed version.
  read -r version cluster < <(pg_lsclusters -h | awk -v p="$port" '$3 == p {print $1, $2; exit}') || true
  if [ -z "${version:-}" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    cluster=main
    pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {found=1} END {exit !found}' \
      && cluster="getty$port"
    echo "postgres: creating cluster $version/$cluster on port $port"
    pg_createcluster --port "$port" "$version" "$cluster" >/dev/null
  fi
  echo "postgres: starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || {
    echo "postgres: the server on port $port did not become ready" >&2
    exit 1
  }
fi

# The role and database for tests (psql variables keep the password out of process lists).
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres \
  -v role="$role" -v password="$password" -v database="$database" <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') AS create_role \gset
\if :create_role
  CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
\else
  ALTER ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
\endif
SELECT NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') AS create_db \gset
\if :create_db
  CREATE DATABASE :"database" OWNER :"role";
\endif
SQL
