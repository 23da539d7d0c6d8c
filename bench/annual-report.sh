#!/usr/bin/env bash
# Annual report benchmark (issue 12): start a fresh server (embedded H2 in a temp folder, or --postgres: a fresh schema in
# 127.0.0.1:5432/test, dropped at the end), load a year of Ishøj-sized data with bench/CourseLoad.java (its load phase:
# --referrals citizens, 85 % with a hospital plan, --sessions sessions per course over the past year, 80 % attended, 8 %
# no-show, 12 % cancelled, six teams), then time GET /fhir/$annual-report over the past 365 days with a reporting token:
# --repeats synchronous runs of the whole report (after one warm-up), one CSV table, and one asynchronous run.
#
#   bench/annual-report.sh [--postgres] [--referrals 1250] [--sessions 12] [--repeats 5]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DB=h2
REFERRALS=1250
SESSIONS=12
REPEATS=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --postgres) DB=postgres; shift ;;
        --referrals) REFERRALS="$2"; shift 2 ;;
        --sessions) SESSIONS="$2"; shift 2 ;;
        --repeats) REPEATS="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
SCHEMA_PREFIX=bench_annual
source "$HERE/server-lib.sh"
server_start
ADAPTER_TOKEN="$(server_token municipality)"
export ADAPTER_TOKEN
REPORTING="$(server_token reporting)"
# the load phase only: the booking and work-list phases as short as CourseLoad allows
java "$HERE/CourseLoad.java" --base "http://127.0.0.1:$PORT" --referrals "$REFERRALS" --sessions "$SESSIONS" --measure 1 --worklist-repeats 1 \
    | grep -iE "load|referral|session|course" | head -5 || true
END="$(date +%F)"
START="$(date -d '-364 days' +%F)"
URL="http://127.0.0.1:$PORT/fhir/\$annual-report?start=$START&end=$END"
time_of() { curl -s -o "$WORK/out" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $REPORTING" "$@"; }
echo "warm-up: $(time_of "$URL")"
TIMES=()
for i in $(seq 1 "$REPEATS"); do
    read -r CODE SECS <<<"$(time_of "$URL")"
    [[ $CODE == 200 ]] || { echo "run $i answered $CODE"; cat "$WORK/out"; exit 1; }
    TIMES+=("$SECS")
done
echo "whole report ($START to $END), $REPEATS runs, seconds: ${TIMES[*]}"
echo "plans counted: $(grep -o '"count":[0-9]*' "$WORK/out" | head -1)"
echo "sessions table as CSV: $(time_of "$URL&table=sessions&_format=csv") (code, seconds)"
echo "PDF of the whole report: $(time_of "$URL&_format=pdf") (code, seconds), $(stat -c %s "$WORK/out") bytes"
T0=$(date +%s.%N)
LOCATION="$(curl -s -D - -o /dev/null -H "Authorization: Bearer $REPORTING" -H 'Prefer: respond-async' "$URL" | tr -d '\r' | sed -n 's/^Content-Location: //Ip')"
while [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $REPORTING" "$LOCATION")" == 202 ]]; do sleep 0.05; done
echo "asynchronous: 202 -> 200 after $(echo "$(date +%s.%N) - $T0" | bc) s"
grep -E "ERROR" "$WORK/server.log" | head -5 || true
