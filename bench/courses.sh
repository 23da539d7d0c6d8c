#!/usr/bin/env bash
# Courses benchmark (issue 4): start a fresh server (embedded H2 in a temp folder, or --postgres: a fresh schema in
# 127.0.0.1:5432/test, dropped at the end), load a year of Ishøj-sized data and measure booking, attendance and the
# work lists with bench/CourseLoad.java, stop the server.
#
#   bench/courses.sh [--postgres] [CourseLoad options: --clients 8 --referrals 1250 --sessions 12 --measure 30 --worklist-repeats 20]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DB=h2
ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --postgres) DB=postgres; shift ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) ARGS+=("$1" "$2"); shift 2 ;;
    esac
done
SCHEMA_PREFIX=bench_courses
source "$HERE/server-lib.sh"
server_start
# A municipality token signed with the key the server created in $WORK/data (see the README, Security).
ADAPTER_TOKEN="$(server_token municipality)"
export ADAPTER_TOKEN
java "$HERE/CourseLoad.java" --base "$(server_url)" "${ARGS[@]+"${ARGS[@]}"}"
