# shellcheck shell=bash
# Shared by the scripts that start the packaged services on this machine (run-local, bench-startup).
# Sourced, not run. Expects PG_HOST and PG_PORT from scripts/with-postgres.sh.

# Every HTTP service, with the port its application.properties gives it.
service_port() {
  sed -n 's/^quarkus\.http\.port=//p' "$ROOT/services/$1/src/main/resources/application.properties"
}

jar_of() {
  local jar="$ROOT/services/$1/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "$1 is not built: run ./mvnw -B package -DskipTests" >&2; return 1; }
  echo "$jar"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The environment a packaged service runs with here: the cluster's names, pointed at this machine.
export_local_env() {
  # The test database variables would override every service's own database: drop them.
  unset QUARKUS_DATASOURCE_JDBC_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD
  export DB_HOST=$PG_HOST DB_PORT=$PG_PORT DB_USER=platform DB_PASSWORD=platform
  export QUARKUS_DATASOURCE_CATALOG_USERNAME=platform QUARKUS_DATASOURCE_ORDERS_USERNAME=platform
  export QUARKUS_DATASOURCE_LOGS_USERNAME=platform
  export CATALOG_DB_PASSWORD=platform ORDERS_DB_PASSWORD=platform LOGS_DB_PASSWORD=platform
  export QUARKUS_HTTP_HOST=127.0.0.1
  CATALOG_URL="http://127.0.0.1:$(service_port catalog)"
  ORDERS_URL="http://127.0.0.1:$(service_port orders)"
  export CATALOG_URL ORDERS_URL
}

# Runs a batch subcommand to completion, failing with its one-line error.
batch() {
  java -jar "$(jar_of batch)" "$@"
}
