#!/usr/bin/env bash
# Data at real scale (issue 12 part 3): generate a year of a centre's data through the adapter's own API with
# bench/YearLoad.java (--plans hospital plans and their direct referrals, courses, sessions, FSIII, finished courses with
# their final statuses), on PostgreSQL in its own database (default bench_scale, created fresh: dropped first), then time
# both reports over the year that ends today: GET /fhir/$annual-report (--repeats runs after a warm-up) and
# POST /fhir/$kl-gateway-report (the whole municipality-year), with the server's heap sampled (jstat) during each.
#
#   bench/scale.sh [--plans 1100] [--clients 3] [--batch 25] [--repeats 5] [--database bench_scale] [--keep] [--reuse]
#                  [--kl-repeats 1] [--xmx 320m] [--no-kl] [--multiply K] [--jfr FILE] [--vacuum-every S]
#
# --vacuum-every S: during the generation, VACUUM ANALYZE the database every S seconds, as autovacuum would (it is off
# on this machine's PostgreSQL: without it the tables updated at every session booking bloat, which production's
# autovacuum never lets happen).
#
# --keep keeps the database and the server's folder (its signing key) for --reuse, which skips the generation and reports
# on what the database holds. --xmx sets the server's heap limit (default bench/jvm.options: 320m). --multiply K (after
# the load): copies the report's projection rows (plan, plan_category, course, session, functional_status) K-1 times
# under new ids (bench/multiply.sql) so the annual report can be timed on K times the volume; the copies are not
# resources (the KL report, which reads resources, is then not run).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PLANS=1100
CLIENTS=3
BATCH=25
REPEATS=5
KL_REPEATS=1
PG_DATABASE=bench_scale
KEEP=0
REUSE=0
XMX=""
KL=1
MULTIPLY=1
VACUUM_EVERY=""
JFR=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --plans) PLANS="$2"; shift 2 ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --repeats) REPEATS="$2"; shift 2 ;;
        --kl-repeats) KL_REPEATS="$2"; shift 2 ;;
        --database) PG_DATABASE="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --reuse) REUSE=1; KEEP=1; shift ;;
        --xmx) XMX="$2"; shift 2 ;;
        --no-kl) KL=0; shift ;;
        --jfr) JFR="$2"; shift 2 ;;
        --multiply) MULTIPLY="$2"; KL=0; shift 2 ;;
        --vacuum-every) VACUUM_EVERY="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
DB=postgres
PSQL=(psql -q -h 127.0.0.1 -U postgres)
if [[ $REUSE != 1 ]]; then
    "${PSQL[@]}" postgres -c "drop database if exists $PG_DATABASE" >/dev/null
    rm -rf "/tmp/rehab-bench-$PG_DATABASE"
fi
SERVER_JVM=("@$HERE/jvm.options")
[[ -n "$XMX" ]] && SERVER_JVM+=("-Xmx$XMX" "-Xms$XMX")
[[ -n "$JFR" ]] && SERVER_JVM+=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
source "$HERE/server-lib.sh"
# the server runs a copy of the jar, so a rebuild meanwhile does not pull it from under the running JVM
mkdir -p "/tmp/rehab-bench-jars" && cp "$JAR" "/tmp/rehab-bench-jars/$PG_DATABASE.jar" && JAR="/tmp/rehab-bench-jars/$PG_DATABASE.jar"
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/'); git $(cd "$HERE/.." && git rev-parse --short HEAD)"
server_start
ADAPTER_TOKEN="$(server_token municipality)"
export ADAPTER_TOKEN
REPORTING="$(server_token reporting)"
SERVER_JAVA_PID="$(pgrep -P "$SERVER_PID" java || echo "$SERVER_PID")"
# CPU seconds (user + system) of the server JVM and of the PostgreSQL backends serving this database: unlike wall
# times they hardly depend on what else runs on the machine.
TICK="$(getconf CLK_TCK)"
cpu_now() {
    local server pg
    server="$(awk '{print $14 + $15}' "/proc/$SERVER_JAVA_PID/stat")"
    pg="$(for p in $(pgrep -f "postgres: .* $PG_DATABASE "); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}')"
    echo "$server $pg"
}
cpu_since() { # $1 $2: the cpu_now of the start
    read -r S1 P1 <<<"$(cpu_now)"
    awk -v s0="$1" -v p0="$2" -v s1="$S1" -v p1="$P1" -v t="$TICK" -v n="$3" \
        'BEGIN { printf "CPU per run: server %.2f s, PostgreSQL %.2f s", (s1 - s0) / t / n, (p1 - p0) / t / n }'
}
if [[ $REUSE != 1 ]]; then
    read -r C0S C0P <<<"$(cpu_now)"
    VACUUM_PID=""
    if [[ -n "$VACUUM_EVERY" ]]; then
        # autovacuum's stand-in (it is off on some machines, `show autovacuum`): the tables rewritten at every session
        # write would otherwise grow with dead rows, as they never do in production
        ( while sleep "$VACUUM_EVERY"; do "${PSQL[@]}" "$PG_DATABASE" -c "vacuum analyze" >/dev/null 2>&1 || true; done ) &
        VACUUM_PID=$!
    fi
    java -XX:+UseSerialGC -Xmx512m "$HERE/YearLoad.java" --base "$(server_url)" --plans "$PLANS" --clients "$CLIENTS" --batch "$BATCH"
    [[ -n "$VACUUM_PID" ]] && kill "$VACUUM_PID" 2>/dev/null
    echo "generation $(cpu_since "$C0S" "$C0P" 1 | sed 's/ per run//'); load now: $(uptime | sed 's/.*load average: //')"
fi
if [[ $MULTIPLY -gt 1 ]]; then
    T0=$(date +%s.%N)
    "${PSQL[@]}" "$PG_DATABASE" -v k="$MULTIPLY" -f "$HERE/multiply.sql" >/dev/null
    echo "multiplied the report's projection rows x$MULTIPLY in $(printf '%.0f' "$(echo "$(date +%s.%N) - $T0" | bc)") s"
fi
# What autovacuum would do after a bulk load: statistics for the planner, the visibility map for index-only scans.
"${PSQL[@]}" "$PG_DATABASE" -c "vacuum analyze" >/dev/null
echo "rows: $("${PSQL[@]}" -tA "$PG_DATABASE" -c "select 'plans ' || (select count(*) from plan) || ', courses ' || (select count(*) from course)
    || ', sessions ' || (select count(*) from session) || ', functional statuses ' || (select count(*) from functional_status)
    || ', resource versions ' || (select count(*) from resource_history) || ', database ' || pg_size_pretty(pg_database_size('$PG_DATABASE'))")"
echo "load now: $(uptime | sed 's/.*load/load/')"

# heap sampling: the peak of eden + survivors + old generation used (KB) while $1 runs
HEAP_LOG="$WORK/heap.log"
heap_start() { jstat -gc "$SERVER_JAVA_PID" 100 > "$HEAP_LOG" 2>/dev/null & HEAP_PID=$!; sleep 1; }
heap_stop() {
    kill "$HEAP_PID" 2>/dev/null; wait "$HEAP_PID" 2>/dev/null || true
    awk 'NR>1 && $1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used; if (min == "" || used < min) min = used;
         if ($8 > oldmax) oldmax = $8 } END { printf "heap used peak %.0f MB, old generation peak %.0f MB (%d samples)", max / 1024, oldmax / 1024, NR - 1 }' "$HEAP_LOG"
}
echo "load before the reports: $(uptime | sed 's/.*load/load/')"
echo "server heap limit: $(jcmd "$SERVER_JAVA_PID" VM.flags 2>/dev/null | tr ' ' '\n' | grep MaxHeapSize | head -1 | cut -d= -f2 | awk '{printf "%.0f MB", $1/1048576}')"

END="$(date +%F)"
START="$(date -d '-364 days' +%F)"
URL="$(server_url)/fhir/\$annual-report?start=$START&end=$END"
time_of() { curl -s -o "$WORK/out" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $REPORTING" "$@"; }
echo "annual report warm-up: $(time_of "$URL")"
TIMES=()
heap_start
read -r C0S C0P <<<"$(cpu_now)"
for i in $(seq 1 "$REPEATS"); do
    read -r CODE SECS <<<"$(time_of "$URL")"
    [[ $CODE == 200 ]] || { echo "run $i answered $CODE"; head -c 2000 "$WORK/out"; exit 1; }
    TIMES+=("$SECS")
done
CPU="$(cpu_since "$C0S" "$C0P" "$REPEATS")"
echo "annual report ($START to $END), $REPEATS runs, seconds: ${TIMES[*]}; $CPU; $(heap_stop)"
echo "  plans counted: $(grep -o '"count":[0-9]*' "$WORK/out" | head -1 | cut -d: -f2), bytes $(stat -c %s "$WORK/out")"
for table in plans-received referrals-by-legal-basis courses sessions session-hours waiting-times first-contact free-choice functional-levels age-groups citizens; do
    echo "  table $table: $(time_of "$URL&table=$table" | cut -d' ' -f2) s"
done
if [[ $KL == 1 ]]; then
    BODY="{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"start\",\"valueDate\":\"$START\"},{\"name\":\"end\",\"valueDate\":\"$END\"}]}"
    for i in $(seq 1 "$KL_REPEATS"); do
        heap_start
        read -r C0S C0P <<<"$(cpu_now)"
        R="$(curl -s -o "$WORK/kl.json" -w '%{http_code} %{time_total} %{size_download}' -X POST -H "Authorization: Bearer $REPORTING" \
            -H 'Content-Type: application/fhir+json' --data-binary "$BODY" "$(server_url)/fhir/\$kl-gateway-report")"
        read -r CODE SECS BYTES <<<"$R"
        [[ $CODE == 200 ]] || { echo "KL report answered $CODE"; head -c 2000 "$WORK/kl.json"; exit 1; }
        echo "KL report ($START to $END), run $i: $SECS s, $(grep -o 'klgateway-140-delivery-report"' "$WORK/kl.json" | wc -l) citizen reports, $((BYTES / 1024)) KB; $(cpu_since "$C0S" "$C0P" 1); $(heap_stop)"
    done
fi
grep -E " ERROR |OutOfMemory" "$WORK/server.log" | head -5 || true
