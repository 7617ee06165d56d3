#!/usr/bin/env bash
# Builds the project and starts its main job. Until the fleet server lands, that is the offline
# accountant: it reads a reading history (CSV or NDJSON) and prints each meter's energy per local month.
#   scripts/run.sh                                  the bundled example history, Europe/Warsaw months
#   scripts/run.sh my-history.csv --zone UTC --events
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
require_java
./mvnw -q -B -ntp -DskipTests -pl core -am package
if [ "$#" -eq 0 ]; then
  set -- docs/examples/readings.csv --zone Europe/Warsaw
fi
exec java -jar core/target/core.jar "$@"
