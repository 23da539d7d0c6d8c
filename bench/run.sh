#!/usr/bin/env bash
# Benchmark of the rehab FHIR adapter: start a fresh server, time it to ready, load it with bench/LoadDriver.java,
# sample its resident memory, stop it, print one summary (also bench/results/<timestamp>.txt).
#
#   bench/run.sh                  # embedded H2 in a fresh temp folder
#   bench/run.sh --postgres       # PostgreSQL at 127.0.0.1:5432/test, in a fresh schema dropped at the end
#   JAVA_OPTS="-Xmx256m" bench/run.sh    # other JVM options for the server (default: bench/jvm.options)
#
# Options: --postgres, --clients N, --warmup S, --measure S, --intake W:M, --read W:M, --search W:M, --orgs N,
#          --message W:M, --ggop W:M (plan messages at /fhir/$process-message, GGOP XML at /medcom/ggop), --phases LIST,
#          --http plain|jdk (the driver's HTTP client, default plain),
#          --jar PATH, --label TEXT, --jfr (record a JFR profile of the load into the results folder),
#          --stacks N (take N thread dumps during the intake phase into the results folder),
#          --simulate-validator (warm a FHIR profile validator in the server JVM before Spring starts, see README),
#          --diag (after the load: heap, native memory and class histogram of the server into the results folder),
#          --h2-options ';CACHE_SIZE=16384' (appended to the H2 URL),
#          --analyze-at S (PostgreSQL: ANALYZE the schema S seconds into the load, as autovacuum would; see README),
#          --server-arg ARG (passed to the server, e.g. --server-arg --adapter.validation.preload=true; repeatable),
#          --without-security (H2 only: the same build with adapter.security.off-for-benchmarks=true — no token checked,
#          nothing audited — for the figures "without security" next to those with it; see README, Performance).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JVM_OPTIONS_FILE="$HERE/jvm.options"
# The server's JVM options: $JAVA_OPTS when set (even to empty = JVM defaults), else the file above.
if [[ -n "${JAVA_OPTS+set}" ]]; then
    read -r -a SERVER_JVM_OPTS <<< "$JAVA_OPTS"
    JVM_OPTS_TEXT="${JAVA_OPTS:-(JVM defaults)} [from \$JAVA_OPTS]"
else
    SERVER_JVM_OPTS=("@$JVM_OPTIONS_FILE")
    JVM_OPTS_TEXT="$(grep -v '^[[:space:]]*#' "$JVM_OPTIONS_FILE" | grep -v '^[[:space:]]*$' | tr '\n' ' ')[from bench/jvm.options]"
fi

JAR="$ROOT/target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar"
DB=h2
CLIENTS=8
DRIVER_ARGS=()
LABEL=""
JFR=0
STACKS=0
SIM_VALIDATOR=0
DIAG=0
FAT_JAR=0
H2_OPTIONS=""
ANALYZE_AT=""
EXTRA_SERVER_ARGS=()
READY_TIMEOUT_S=180
while [[ $# -gt 0 ]]; do
    case "$1" in
        --postgres) DB=postgres; shift ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --warmup|--measure|--intake|--read|--search|--message|--ggop|--orgs|--max-requests|--phases|--http) DRIVER_ARGS+=("$1" "$2"); shift 2 ;;
        --jar) JAR="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --label) LABEL="$2"; shift 2 ;;
        --jfr) JFR=1; shift ;;
        --stacks) STACKS="$2"; shift 2 ;;
        --simulate-validator) SIM_VALIDATOR=1; shift ;;
        --diag) DIAG=1; shift ;;
        --fat-jar) FAT_JAR=1; shift ;;
        --h2-options) H2_OPTIONS="$2"; shift 2 ;;
        --analyze-at) ANALYZE_AT="$2"; shift 2 ;;
        --server-arg) EXTRA_SERVER_ARGS+=("$2"); shift 2 ;;
        --without-security) EXTRA_SERVER_ARGS+=("--adapter.security.off-for-benchmarks=true"); LABEL="${LABEL:-without-security}"; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done
# Phase lengths unless given: intake 10 s warm-up + 30 s measured, read and search 10 s + 20 s each.
[[ " ${DRIVER_ARGS[*]-} " == *" --warmup "* || " ${DRIVER_ARGS[*]-} " == *" --intake "* ]] || DRIVER_ARGS+=(--intake 10:30)
[[ " ${DRIVER_ARGS[*]-} " == *" --warmup "* || " ${DRIVER_ARGS[*]-} " == *" --read "* ]] || DRIVER_ARGS+=(--read 10:20)
[[ " ${DRIVER_ARGS[*]-} " == *" --warmup "* || " ${DRIVER_ARGS[*]-} " == *" --search "* ]] || DRIVER_ARGS+=(--search 10:20)
# Issue 3: FHIR plan messages and GGOP XML, 10 s + 20 s each.
[[ " ${DRIVER_ARGS[*]-} " == *" --warmup "* || " ${DRIVER_ARGS[*]-} " == *" --message "* ]] || DRIVER_ARGS+=(--message 10:20)
[[ " ${DRIVER_ARGS[*]-} " == *" --warmup "* || " ${DRIVER_ARGS[*]-} " == *" --ggop "* ]] || DRIVER_ARGS+=(--ggop 10:20)

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS_DIR="$HERE/results"
mkdir -p "$RESULTS_DIR"
RESULT_FILE="$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}.txt"
WORK="$(mktemp -d /tmp/rehab-bench.XXXXXX)"
SERVER_PID=""
SAMPLER_PID=""
SCHEMA=""
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '[run.sh] %s\n' "$*" >&2; }

cleanup() {
    local rc=$?
    if [[ -n "$SAMPLER_PID" ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$SCHEMA" ]]; then
        psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 \
            || log "could not drop schema $SCHEMA"
    fi
    if [[ $rc -ne 0 && -f "$WORK/server.log" ]]; then
        cp "$WORK/server.log" "$RESULTS_DIR/$STAMP-server.log" 2>/dev/null && log "server log kept: $RESULTS_DIR/$STAMP-server.log"
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build
if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -o -q -DskipTests package)
fi

# ---------------------------------------------------------------- free port, database
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$(( 20000 + RANDOM % 30000 ))
        if [[ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]]; then echo "$p"; return 0; fi
    done
    return 1
}
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

SERVER_ARGS=(--server.port="$PORT")
# glibc gives every thread that allocates its own malloc arena (64 MB reserved, partly touched); two arenas keep the
# server's native memory small, as the README's production start does.
SERVER_ENV=(MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}")
DB_PROCESS=""
if [[ "$DB" == postgres ]]; then
    SCHEMA="bench_$(date +%s)_$RANDOM"
    psql -q -h 127.0.0.1 -U postgres test -c "create schema $SCHEMA" >/dev/null
    SERVER_ENV+=(ADAPTER_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA")
    SERVER_ARGS+=(--spring.profiles.active=postgres)
    DB_PROCESS=postgres
    DB_TEXT="PostgreSQL $(psql -tA -h 127.0.0.1 -U postgres test -c 'show server_version' | cut -d' ' -f1), schema $SCHEMA (dropped at the end), autovacuum $(psql -tA -h 127.0.0.1 -U postgres test -c 'show autovacuum')${ANALYZE_AT:+, ANALYZE at ${ANALYZE_AT}s into the load}"
else
    # The server's own default URL (application.yml), in a fresh working directory: ./data/ lands in $WORK.
    if [[ -n "$H2_OPTIONS" ]]; then
        SERVER_ARGS+=("--spring.datasource.url=jdbc:h2:file:./data/rehab;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=128;CACHE_SIZE=16384;LOCK_TIMEOUT=10000;WRITE_DELAY=0$H2_OPTIONS")
    fi
    DB_TEXT="H2 embedded file database, the server's default URL (fresh, in a temp folder)${H2_OPTIONS:+, URL options $H2_OPTIONS}"
fi

# ---------------------------------------------------------------- class data sharing (default)
# Production start-up, as Spring Boot recommends it: the jar extracted (target/app/), and a class data sharing
# archive recorded by one training start (-Dspring.context.exit=onRefresh). Both are build steps, done once per
# jar, outside the measured time to ready. --fat-jar measures `java -jar` of the jar itself instead.
LAUNCH=(-jar "$JAR")
if [[ $FAT_JAR -eq 0 ]]; then
    APP="$(dirname "$JAR")/app"
    # Extracted anew when the jar is newer than the archive, or when the folder holds another jar's extraction
    # (two jars side by side share $APP: without the second test a run could start the other jar, or none).
    if [[ ! -f "$APP/app.jsa" || "$JAR" -nt "$APP/app.jsa" || ! -f "$APP/$(basename "$JAR")" ]]; then
        log "extracting the jar into $APP and recording its class data sharing archive"
        rm -rf "$APP"
        java -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
        TRAIN="$(mktemp -d)"
        (cd "$TRAIN" && java "${SERVER_JVM_OPTS[@]}" -XX:ArchiveClassesAtExit="$APP/app.jsa" -Dspring.context.exit=onRefresh \
            -jar "$APP/$(basename "$JAR")" --server.port=0 >"$TRAIN/train.log" 2>&1) || { cat "$TRAIN/train.log" >&2; exit 1; }
        rm -rf "$TRAIN"
    fi
    LAUNCH=(-XX:SharedArchiveFile="$APP/app.jsa" -jar "$APP/$(basename "$JAR")")
fi

# ---------------------------------------------------------------- simulated validator (optional)
if [[ $SIM_VALIDATOR -eq 1 ]]; then
    log "compiling the validator simulation"
    mkdir -p "$WORK/lib" "$WORK/sim"
    (cd "$WORK/lib" && unzip -q -j "$JAR" 'BOOT-INF/lib/*.jar')
    javac -nowarn -d "$WORK/sim" -cp "$WORK/lib/*" "$HERE/ValidatorWarmupSim.java"
    LAUNCH=(-Dloader.path="$WORK/sim" -Dloader.main=ValidatorWarmupSim -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
fi

proc_cpu_s() { # utime+stime of a process, in seconds
    awk -v t="$CLK_TCK" '{ sub(/^.*\) /, ""); split($0, f, " "); printf "%.1f", (f[12] + f[13]) / t }' "/proc/$1/stat"
}
rss_kb() { awk -v k="${2:-VmRSS}:" '$1 == k { print $2 }' "/proc/$1/status"; }

SERVER_ARGS+=(${EXTRA_SERVER_ARGS[@]+"${EXTRA_SERVER_ARGS[@]}"})
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "starting the server on port $PORT ($DB_TEXT)"
START_NS=$(date +%s%N)
(cd "$WORK" && exec env ${SERVER_ENV[@]+"${SERVER_ENV[@]}"} java "${SERVER_JVM_OPTS[@]}" "${LAUNCH[@]}" "${SERVER_ARGS[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# ---------------------------------------------------------------- time to ready
READY_MS=""
while :; do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BASE/actuator/health/readiness" || true)"
    NOW_NS=$(date +%s%N)
    if [[ "$code" == 200 ]]; then READY_MS=$(( (NOW_NS - START_NS) / 1000000 )); break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the server died while starting:"; tail -30 "$WORK/server.log" >&2; exit 1; fi
    if (( (NOW_NS - START_NS) / 1000000000 > READY_TIMEOUT_S )); then log "not ready after ${READY_TIMEOUT_S}s"; tail -30 "$WORK/server.log" >&2; exit 1; fi
    sleep 0.05
done
READY_CPU_S="$(proc_cpu_s "$SERVER_PID")"
RSS_READY_KB="$(rss_kb "$SERVER_PID")"
HWM_READY_KB="$(rss_kb "$SERVER_PID" VmHWM)"
log "ready in ${READY_MS} ms (server CPU ${READY_CPU_S} s, RSS $((RSS_READY_KB / 1024)) MB)"

# ---------------------------------------------------------------- a token for the driver
# The server created its local signing key in $WORK/data at start-up; the jar's token command, run from the same
# folder, signs a municipality token with it (no server start, outside the measured time).
# Passed in the environment, not as an argument: the result file lists the driver's arguments.
ADAPTER_TOKEN="$(cd "$WORK" && java -jar "$JAR" token --kind municipality --lifetime PT12H)" || { log "cannot mint a token"; exit 1; }
export ADAPTER_TOKEN

# ---------------------------------------------------------------- load, with memory sampling
( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kb "$SERVER_PID" >>"$WORK/rss.samples" 2>/dev/null || true; sleep 0.5; done ) &
SAMPLER_PID=$!
if [[ $JFR -eq 1 ]]; then
    jcmd "$SERVER_PID" JFR.start name=bench settings=profile filename="$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}.jfr" >/dev/null
fi
if [[ $STACKS -gt 0 ]]; then
    # thread dumps spread over the measured intake window (the default intake phase: 10 s warm-up + 30 s)
    ( sleep 15; for i in $(seq 1 "$STACKS"); do
          jcmd "$SERVER_PID" Thread.print >"$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}-stack$i.txt" 2>/dev/null || true
          sleep 1; done ) &
fi
if [[ -n "$ANALYZE_AT" && -n "$SCHEMA" ]]; then
    ( sleep "$ANALYZE_AT"; psql -q -h 127.0.0.1 -U postgres test -c "set search_path = $SCHEMA; analyze" >/dev/null 2>&1 ) &
fi
set +e
# The driver's own JVM: one GC thread and a small heap, so it takes as little as possible of the 2 cores.
java -XX:+UseSerialGC -Xms64m -Xmx512m "$HERE/LoadDriver.java" --base "$BASE" --clients "$CLIENTS" --server-pid "$SERVER_PID" --clk-tck "$CLK_TCK" \
    --out "$WORK/driver.kv" ${DB_PROCESS:+--db-process "$DB_PROCESS"} "${DRIVER_ARGS[@]}" | tee "$WORK/driver.out" >&2
DRIVER_RC=${PIPESTATUS[0]}
set -e
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
if [[ $JFR -eq 1 ]]; then jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null || true; fi
RSS_LOAD_MAX_KB="$(sort -n "$WORK/rss.samples" 2>/dev/null | tail -1)"
sleep 5
RSS_AFTER_KB="$(rss_kb "$SERVER_PID")"
HWM_KB="$(rss_kb "$SERVER_PID" VmHWM)"
TOTAL_CPU_S="$(proc_cpu_s "$SERVER_PID")"
if [[ $DIAG -eq 1 ]]; then
    DIAG_FILE="$RESULTS_DIR/$STAMP${LABEL:+-$LABEL}-diag.txt"
    { echo "== VM.flags"; jcmd "$SERVER_PID" VM.flags
      echo "== GC.heap_info (after load)"; jcmd "$SERVER_PID" GC.heap_info
      echo "== VM.native_memory summary (needs -XX:NativeMemoryTracking=summary)"; jcmd "$SERVER_PID" VM.native_memory summary
      echo "== GC.run, then GC.heap_info (live set)"; jcmd "$SERVER_PID" GC.run >/dev/null; jcmd "$SERVER_PID" GC.heap_info
      echo "== VmRSS after GC.run: $(rss_kb "$SERVER_PID") kB"
      echo "== GC.class_histogram (top 25)"; jcmd "$SERVER_PID" GC.class_histogram | head -30
    } >"$DIAG_FILE" 2>&1 || true
    log "diagnostics written to $DIAG_FILE"
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- stop
kill -TERM "$SERVER_PID"
for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# ---------------------------------------------------------------- summary
kv() { # kv PHASE KEY: a value from the driver's key=value results
    awk -v p="phase=$1" -v k="$2" '$1 == p { for (i = 1; i <= NF; i++) { split($i, a, "="); if (a[1] == k) print a[2] } }' "$WORK/driver.kv" 2>/dev/null
}
verdict() { # verdict VALUE OP LIMIT
    [[ -z "$1" ]] && { echo "-"; return; }
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == ">=") ? (v >= l) : (v < l); print ok ? "PASS" : "FAIL" }'
}
mb() { [[ -n "$1" ]] && echo $(( $1 / 1024 )) || echo ""; }
line() { printf '%-34s %12s %12s %8s\n' "$@"; }
{
    echo "Rehab FHIR adapter benchmark  $STAMP${LABEL:+  ($LABEL)}"
    echo "server:    $(basename "$JAR"), git $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$( [[ $SIM_VALIDATOR -eq 1 ]] && echo ', WITH SIMULATED VALIDATOR WARM-UP')"
    echo "database:  $DB_TEXT"
    echo "JVM opts:  $JVM_OPTS_TEXT"
    echo "machine:   $(nproc) cores, $(awk '/MemTotal/ {printf "%d MB", $2/1024}' /proc/meminfo); load average before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "load:      $CLIENTS closed-loop clients; ${DRIVER_ARGS[*]}${EXTRA_SERVER_ARGS[*]:+; server args ${EXTRA_SERVER_ARGS[*]}}"
    echo
    line "figure" "measured" "target" "verdict"
    line "time to ready (ms)" "$READY_MS" "< 8000" "$(verdict "$READY_MS" '<' 8000)"
    line "  server CPU until ready (s)" "$READY_CPU_S" "" ""
    line "plan intake (plans/s)" "$(kv intake rps)" ">= 340" "$(verdict "$(kv intake rps)" '>=' 340)"
    line "plan intake p99 (ms)" "$(kv intake p99)" "< 50" "$(verdict "$(kv intake p99)" '<' 50)"
    line "read by id (req/s)" "$(kv read rps)" ">= 1500" "$(verdict "$(kv read rps)" '>=' 1500)"
    line "search by CPR (req/s)" "$(kv search rps)" ">= 800" "$(verdict "$(kv search rps)" '>=' 800)"
    line "RSS at ready (MB)" "$(mb "$RSS_READY_KB")" "" ""
    line "RSS max during load (MB)" "$(mb "$RSS_LOAD_MAX_KB")" "< 400" "$(verdict "$(mb "$RSS_LOAD_MAX_KB")" '<' 400)"
    line "RSS 5 s after load (MB)" "$(mb "$RSS_AFTER_KB")" "" ""
    line "VmHWM peak RSS, whole life (MB)" "$(mb "$HWM_KB")" "< 400" "$(verdict "$(mb "$HWM_KB")" '<' 400)"
    line "server CPU, whole run (s)" "$TOTAL_CPU_S" "" ""
    echo
    awk 'BEGIN { RS = "" } END { print }' "$WORK/driver.out"   # the driver's final table (its last paragraph)
    echo
    echo "srvCPU/r = server JVM CPU time per request in the measured window (with H2 it includes the database);"
    echo "dbCPU/r = CPU of all 'postgres' processes per request; drvCPU / othCPU = cores used by the driver / by"
    echo "everything else on the machine meanwhile ($(nproc) cores in all: othCPU > 0 means the figures were disturbed)."
    if [[ $DRIVER_RC -ne 0 ]]; then echo "DRIVER EXIT CODE $DRIVER_RC (errors above)"; fi
} | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
exit "$DRIVER_RC"
