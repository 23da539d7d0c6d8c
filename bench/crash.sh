#!/usr/bin/env bash
# Crash test of the rehab FHIR adapter: unique plans (transaction Bundles and plan messages) from several clients,
# the server killed with kill -9 at random moments and started again on the same database; then every acknowledged
# plan must be there and a full resend must create no duplicates. Prints one summary line; exit 1 on any loss or
# duplicate. The logic is src/test/java/dk/rehab/adapter/crash/CrashDriver.java (JDK only), which `mvn verify` also
# runs in a short version (CrashH2Test, CrashPostgresTest).
#
#   bench/crash.sh                          # embedded H2 (the server's default URL) in a fresh temp folder
#   bench/crash.sh --postgres               # PostgreSQL 127.0.0.1:5432/test, fresh schema, dropped at the end
#   bench/crash.sh --plans 10000 --kills 3 --clients 4
#
# Options: --plans N (1000; every second one a plan message), --kills K (3), --clients C (4), --postgres,
#          --seed S (the plans and kill points of a run, printed at the start), --jar PATH,
#          --server-arg ARG (passed to the server, repeatable; e.g. the default H2 URL with WRITE_DELAY=500 instead
#          of 0 shows the old default losing acknowledged plans: see bench/README.md).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar"
DRIVER="$ROOT/src/test/java/dk/rehab/adapter/crash/CrashDriver.java"
DB=h2
DRIVER_ARGS=(--plans 1000 --kills 3 --clients 4)
EXTRA_SERVER_ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --postgres) DB=postgres; shift ;;
        --plans|--kills|--clients|--seed) DRIVER_ARGS+=("$1" "$2"); shift 2 ;;
        --jar) JAR="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --server-arg) EXTRA_SERVER_ARGS+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done

WORK="$(mktemp -d /tmp/rehab-crash.XXXXXX)"
SCHEMA=""
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
log() { printf '[crash.sh] %s\n' "$*" >&2; }
cleanup() {
    local rc=$?
    if [[ -n "$SCHEMA" ]]; then
        psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || log "could not drop schema $SCHEMA"
    fi
    if [[ $rc -ne 0 && -f "$WORK/server.log" ]]; then
        mkdir -p "$HERE/results"
        cp "$WORK/server.log" "$HERE/results/$STAMP-crash-server.log" && log "server log kept: bench/results/$STAMP-crash-server.log"
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -o -q -DskipTests package)
fi

SERVER=(java @"$HERE/jvm.options" -jar "$JAR")
if [[ "$DB" == postgres ]]; then
    SCHEMA="crash_$(date +%s)_$RANDOM"
    psql -q -h 127.0.0.1 -U postgres test -c "create schema $SCHEMA" >/dev/null
    SERVER+=(--spring.profiles.active=postgres "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA")
    log "PostgreSQL $(psql -tA -h 127.0.0.1 -U postgres test -c 'show server_version' | cut -d' ' -f1), schema $SCHEMA (dropped at the end), synchronous_commit $(psql -tA -h 127.0.0.1 -U postgres test -c 'show synchronous_commit'), fsync $(psql -tA -h 127.0.0.1 -U postgres test -c 'show fsync')"
else
    # The server's own default URL (application.yml) in a fresh working directory: ./data/ lands in $WORK.
    log "H2 embedded file database, the server's default URL, fresh in $WORK"
fi
SERVER+=(${EXTRA_SERVER_ARGS[@]+"${EXTRA_SERVER_ARGS[@]}"})
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); git $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)"
# A municipality token, signed with the local key the server will find in its folder ($WORK/data; the token
# command creates the key if it is not there yet). In the environment: the driver's arguments are logged.
ADAPTER_TOKEN="$(java -jar "$JAR" token --kind municipality --lifetime PT12H --local-key "$WORK/data/local-signing-key.json")"
export ADAPTER_TOKEN
# The driver's own JVM: one GC thread, so it takes as little as possible of the cores the server needs.
java -XX:+UseSerialGC -Xmx512m "$DRIVER" "${DRIVER_ARGS[@]}" --work "$WORK" -- "${SERVER[@]}"
