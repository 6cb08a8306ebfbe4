#!/bin/bash
# Runs once, on the first start of an empty data directory (postgres image's docker-entrypoint-initdb.d):
# one database and one owner role per service, each reachable only by its owner.
set -euo pipefail
for db in catalog orders logs; do
  password_var="${db^^}_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$db" -v password="${!password_var}" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
