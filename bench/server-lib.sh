# Sourced by the benchmark scripts (courses.sh, annual-report.sh, scale.sh): start an adapter server on a fresh or kept
# database, mint tokens signed with its local key, and stop it (and drop what was fresh) when the script exits.
#
# Set before calling server_start (all optional):
#   DB=h2|postgres          the database (default h2: embedded, in the work folder)
#   SCHEMA_PREFIX=name      PostgreSQL: a fresh schema <prefix>_<random> in the database `test`, dropped at the end
#   PG_DATABASE=name        PostgreSQL: use this database (created when missing) and its public schema instead
#   KEEP=1                  keep the database and the work folder (with the signing key) at the end; reuse them next time
#   WORK=dir                the server's working folder (default: a fresh temp folder; with KEEP a fixed one per database)
#   SERVER_JVM=(...)        the server's JVM options (default @bench/jvm.options)
#   SERVER_EXTRA=(...)      more server arguments (--adapter....)
# Then: server_start; server_token <kind>; server_url; server_stop (also on exit).
LIB_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_ROOT="$(cd "$LIB_HERE/.." && pwd)"
JAR="${JAR:-$LIB_ROOT/target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar}"
DB="${DB:-h2}"
SCHEMA_PREFIX="${SCHEMA_PREFIX:-bench}"
PG_DATABASE="${PG_DATABASE:-}"
KEEP="${KEEP:-0}"
SERVER_PID=""
SCHEMA=""
PORT=""
if ! declare -p SERVER_JVM >/dev/null 2>&1; then SERVER_JVM=("@$LIB_HERE/jvm.options"); fi
if ! declare -p SERVER_EXTRA >/dev/null 2>&1; then SERVER_EXTRA=(); fi

psql_q() { psql -q -h 127.0.0.1 -U postgres "$@"; }

server_cleanup() {
    server_stop
    if [[ -n "$SCHEMA" && "$KEEP" != 1 ]]; then
        psql_q test -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
    fi
    if [[ -n "${WORK:-}" && "$KEEP" != 1 ]]; then rm -rf "$WORK"; fi
}
trap server_cleanup EXIT

server_stop() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# The JDBC URL and arguments of the database chosen above (PostgreSQL: creates the schema or database).
server_database_args() {
    if [[ $DB != postgres ]]; then return; fi
    local url
    if [[ -n "$PG_DATABASE" ]]; then
        psql_q postgres -tAc "select 1 from pg_database where datname = '$PG_DATABASE'" | grep -q 1 \
            || createdb -h 127.0.0.1 -U postgres "$PG_DATABASE"
        url="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE"
    else
        if [[ -z "$SCHEMA" ]]; then
            SCHEMA="${SCHEMA_PREFIX}_$RANDOM$RANDOM"
            psql_q test -c "create schema $SCHEMA" >/dev/null
        fi
        url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA"
    fi
    SERVER_ARGS+=(--spring.profiles.active=postgres "--spring.datasource.url=$url" --spring.datasource.username=postgres --spring.datasource.password=)
}

server_start() {
    [[ -f "$JAR" ]] || (cd "$LIB_ROOT" && mvn -o -q -DskipTests package)
    if [[ -z "${WORK:-}" ]]; then
        if [[ "$KEEP" == 1 ]]; then WORK="/tmp/rehab-bench-${PG_DATABASE:-$SCHEMA_PREFIX}"; mkdir -p "$WORK"; else WORK="$(mktemp -d)"; fi
    fi
    PORT=$(( 20000 + RANDOM % 30000 ))
    SERVER_ARGS=(--server.port="$PORT")
    server_database_args
    SERVER_ARGS+=(${SERVER_EXTRA[@]+"${SERVER_EXTRA[@]}"})
    (cd "$WORK" && exec java "${SERVER_JVM[@]}" -jar "$JAR" "${SERVER_ARGS[@]}") >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    local t0=$SECONDS
    for _ in $(seq 1 300); do
        [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness" || true)" == 200 ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
        sleep 1
    done
    echo "server ready on port $PORT ($DB${PG_DATABASE:+ database $PG_DATABASE}${SCHEMA:+ schema $SCHEMA}) after $((SECONDS - t0)) s"
}

# A token of client kind $1 (municipality, reporting, ...), signed with the key the server created in $WORK/data.
server_token() {
    (cd "$WORK" && java -jar "$JAR" token --kind "$1" --lifetime PT12H)
}

server_url() { echo "http://127.0.0.1:$PORT"; }
