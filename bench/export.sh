#!/usr/bin/env bash
# Bulk export benchmark: a fresh server on PostgreSQL (a fresh schema in 127.0.0.1:5432/test, dropped at the end), one
# plan sent through the API, then --copies copies of its stored ServiceRequest JSON inserted by SQL under new ids (the
# export reads only resource and resource_history, so no projection is needed); then GET /fhir/$export?_type=ServiceRequest
# is timed from kick-off to manifest, every file is downloaded (curl, timed, bytes counted), and the server's peak
# resident memory (VmHWM) is read before and after.
#
#   bench/export.sh [--copies 200000] [--file-size 5000]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar"
COPIES=200000
FILE_SIZE=5000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --copies) COPIES="$2"; shift 2 ;;
        --file-size) FILE_SIZE="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -o -q -DskipTests package)
WORK="$(mktemp -d)"
PORT=$(( 20000 + RANDOM % 30000 ))
SCHEMA="bench_export_$RANDOM$RANDOM"
PSQL=(psql -q -h 127.0.0.1 -U postgres test)
"${PSQL[@]}" -c "create schema $SCHEMA" >/dev/null
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    "${PSQL[@]}" -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
(cd "$WORK" && exec java @"$HERE/jvm.options" -jar "$JAR" --server.port="$PORT" --spring.profiles.active=postgres \
    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" --spring.datasource.username=postgres \
    --spring.datasource.password= --adapter.export.file-size="$FILE_SIZE") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 180); do
    [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness" || true)" == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 1
done
TOKEN="$(cd "$WORK" && java -jar "$JAR" token --kind municipality --lifetime PT12H)"
H=(-H "Authorization: Bearer $TOKEN")
curl -s -o /dev/null -w 'plan sent: %{http_code}\n' "${H[@]}" -H 'Content-Type: application/fhir+json' \
    --data-binary @"$ROOT/examples/Bundle-plan-transaction.json" "http://127.0.0.1:$PORT/fhir"
T0=$(date +%s.%N)
"${PSQL[@]}" -c "set search_path to $SCHEMA;
  insert into resource (res_type, res_id, version, last_updated)
    select 'ServiceRequest', 'bench-' || lpad(g::text, 9, '0'), 1, now() - interval '1 hour' from generate_series(1, $COPIES) g;
  insert into resource_history (res_type, res_id, version, last_updated, method, content)
    select 'ServiceRequest', 'bench-' || lpad(g::text, 9, '0'), 1, now() - interval '1 hour', 'POST', h.content
    from generate_series(1, $COPIES) g, (select content from resource_history where res_type = 'ServiceRequest' limit 1) h;
  analyze resource; analyze resource_history;"
echo "inserted $COPIES ServiceRequests by SQL in $(echo "$(date +%s.%N) - $T0" | bc) s ($(\
  "${PSQL[@]}" -tA -c "select pg_size_pretty(sum(length(content))) from $SCHEMA.resource_history") of JSON)"
hwm() { grep VmHWM /proc/"$SERVER_PID"/status | awk '{print $2/1024 " MB"}'; }
echo "server peak resident memory before the export: $(hwm)"
T0=$(date +%s.%N)
LOCATION="$(curl -s -D - -o /dev/null "${H[@]}" -H 'Prefer: respond-async' "http://127.0.0.1:$PORT/fhir/\$export?_type=ServiceRequest" \
    | tr -d '\r' | sed -n 's/^Content-Location: //Ip')"
while [[ "$(curl -s -o "$WORK/manifest.json" -w '%{http_code}' "${H[@]}" "$LOCATION")" == 202 ]]; do sleep 0.1; done
echo "kick-off to manifest: $(echo "$(date +%s.%N) - $T0" | bc) s (includes adapter.export.settle, 1 s); $(grep -o '"url"' "$WORK/manifest.json" | wc -l) files"
T0=$(date +%s.%N)
BYTES=0
LINES=0
for url in $(grep -o '"url":"[^"]*"' "$WORK/manifest.json" | cut -d'"' -f4); do
    curl -s -o "$WORK/file.ndjson" "${H[@]}" "$url"
    BYTES=$(( BYTES + $(stat -c %s "$WORK/file.ndjson") ))
    LINES=$(( LINES + $(wc -l < "$WORK/file.ndjson") ))
done
SECS=$(echo "$(date +%s.%N) - $T0" | bc)
echo "downloaded $LINES lines, $(( BYTES / 1024 / 1024 )) MB in $SECS s ($(echo "$LINES / $SECS" | bc) resources/s)"
echo "server peak resident memory after the export: $(hwm)"
grep -E "ERROR" "$WORK/server.log" | head -5 || true
