#!/bin/bash
# Runs once, on the first start of an empty data directory (postgres image's docker-entrypoint-initdb.d):
# one database and one owner role, each reachable only by its owner, per <NAME>_PASSWORD variable of
# this container but POSTGRES_PASSWORD: the StatefulSet gives one per service that owns data, and
# DatabasesTest keeps them equal to the services with migrations (services/<name>/db/).
set -euo pipefail
for password_var in $(compgen -e); do
  case "$password_var" in
    POSTGRES_PASSWORD) continue ;;
    *_PASSWORD) db=$(echo "${password_var%_PASSWORD}" | tr '[:upper:]' '[:lower:]') ;;
    *) continue ;;
  esac
  echo "init-databases: database and owner $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$db" -v password="${!password_var}" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
