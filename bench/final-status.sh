#!/usr/bin/env bash
# Final status benchmark (issue 5): time to produce the final status of a course with 30 sessions and 17 assessed areas,
# and deliveries per second to a local FHIR receiver. In-process (see bench/FinalStatusBench.java); embedded H2.
#
#   bench/final-status.sh [courses=20] [worker-threads=2]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"
mvn -o -B -q test-compile
mvn -o -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$CP" bench/FinalStatusBench.java
java @bench/jvm.options -cp "target/bench-classes:$CP" FinalStatusBench "${1:-20}" "${2:-2}" 2>&1 | grep -v "^\s*$" | grep -E "final status|finishing|delivery|largest|Exception|Error" || true
