#!/usr/bin/env bash
# Courses benchmark (issue 4): start a fresh server (embedded H2 in a temp folder, or --postgres: a fresh schema in
# 127.0.0.1:5432/test, dropped at the end), load a year of Ishøj-sized data and measure booking, attendance and the
# work lists with bench/CourseLoad.java, stop the server.
#
#   bench/courses.sh [--postgres] [CourseLoad options: --clients 8 --referrals 1250 --sessions 12 --measure 30 --worklist-repeats 20]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar"
DB=h2
ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --postgres) DB=postgres; shift ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) ARGS+=("$1" "$2"); shift 2 ;;
    esac
done
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -o -q -DskipTests package)
WORK="$(mktemp -d)"
PORT=$(( 20000 + RANDOM % 30000 ))
SCHEMA=""
SERVER_ARGS=(--server.port="$PORT")
if [[ $DB == postgres ]]; then
    SCHEMA="bench_courses_$RANDOM$RANDOM"
    psql -q -h 127.0.0.1 -U postgres test -c "create schema $SCHEMA" >/dev/null
    SERVER_ARGS+=(--spring.profiles.active=postgres "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA"
                  --spring.datasource.username=postgres --spring.datasource.password=)
fi
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    [[ -n "$SCHEMA" ]] && psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
(cd "$WORK" && exec java @"$HERE/jvm.options" -jar "$JAR" "${SERVER_ARGS[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 180); do
    [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness" || true)" == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 1
done
echo "server ready on port $PORT ($DB)"
# A municipality token signed with the key the server created in $WORK/data (see the README, Security).
ADAPTER_TOKEN="$(cd "$WORK" && java -jar "$JAR" token --kind municipality --lifetime PT12H)"
export ADAPTER_TOKEN
java "$HERE/CourseLoad.java" --base "http://127.0.0.1:$PORT" "${ARGS[@]+"${ARGS[@]}"}"
