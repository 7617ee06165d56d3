#!/usr/bin/env bash
# Energy benchmark: how fast POST /api/readings stores and accounts a reading history, and how long the monthly
# report takes as history grows. Not part of the test run; figures in docs/benchmarks.md.
#   scripts/bench-energy.sh                      100 meters, a year of 15-minute readings each (3.5 M readings)
#   METERS=1000 DAYS=30 scripts/bench-energy.sh  another size
# One circuit per meter (time zone Europe/Warsaw). The history goes in month by month, one request per month,
# and after each month the report of the first month is timed (median of three), to show how report latency grows
# with history.
# Settings (environment): METERS, DAYS, BENCH_DB (dropped and created again), BENCH_HTTP_PORT, SERVER_HEAP.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

METERS=${METERS:-100}
DAYS=${DAYS:-365}
BENCH_DB=${BENCH_DB:-fleetbench}
BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-8080}
SERVER_HEAP=${SERVER_HEAP:-512m}
TOKEN=bench-admin-token-0123456789abcdef
URL=http://127.0.0.1:$BENCH_HTTP_PORT
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-energy.XXXXXX")
[ "$BENCH_DB" != test ] || { echo "BENCH_DB must not be the tests' database" >&2; exit 2; }

server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

require_java
# gawk for strftime, bc for the rates
command -v gawk >/dev/null 2>&1 && command -v bc >/dev/null 2>&1 || install_packages gawk bc
bash scripts/services.sh
[ -f fleet-server/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -ntp -q -DskipTests install

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$BENCH_DB FLEET_MQTT_URL=tcp://127.0.0.1:1883 \
  FLEET_MQTT_CLIENT_ID=bench-energy FLEET_MQTT_SESSION_EXPIRY=0s FLEET_ADMIN_TOKEN=$TOKEN \
  FLEET_HTTP_PORT=$BENCH_HTTP_PORT java -Xmx"$SERVER_HEAP" -jar fleet-server/target/quarkus-app/quarkus-run.jar \
  >"$WORK/server.log" 2>&1 &
server_pid=$!
wait_for_server "$URL" "$WORK/server.log"

api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }

echo "creating $METERS circuits, one meter each" >&2
for m in $(seq 1 "$METERS"); do
  api -H 'Content-Type: application/json' -d "{\"id\":\"bench-$m\",\"quantum\":\"0.001Wh\"}" "$URL/api/devices" >/dev/null
  id=$(api -H 'Content-Type: application/json' -d "{\"name\":\"bench/circuit-$m\",\"timezone\":\"Europe/Warsaw\"}" \
    "$URL/api/circuits" | sed 's/.*"id":\([0-9]*\).*/\1/')
  api -H 'Content-Type: application/json' -d "{\"device\":\"bench-$m\",\"from\":\"2025-01-01T00:00:00Z\"}" \
    "$URL/api/circuits/$id/assignments" >/dev/null
done

# one NDJSON file per month: every meter's 15-minute readings, each meter drawing its own steady load
month_file() {
  gawk -v meters="$METERS" -v from="$1" -v to="$2" 'BEGIN {
    for (t = from; t < to; t += 900) {
      ts = strftime("%Y-%m-%dT%H:%M:%SZ", t, 1)
      for (m = 1; m <= meters; m++) {
        printf "{\"device\":\"bench-%d\",\"ts\":\"%s\",\"register\":\"energy_total\",\"value\":\"%.3f\",\"unit\":\"Wh\"}\n",
          m, ts, (t - 1735689600) / 3600 * (50 + m % 200)
      }
    }
  }'
}

# the middle of three timings of one month's report
median_report_seconds() {
  for _ in 1 2 3; do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL/api/reports/monthly?month=$1"
  done | sort -g | sed -n 2p
}

start=$(date -u -d 2025-01-01 +%s)
end=$((start + DAYS * 86400))
total_lines=0
total_seconds=0
printf '%-8s %10s %10s %12s %14s\n' month readings seconds readings/s report_ms
month=$start
while [ "$month" -lt "$end" ]; do
  next=$(date -u -d "$(date -u -d "@$month" +%Y-%m-01) +1 month" +%s)
  [ "$next" -le "$end" ] || next=$end
  month_file "$month" "$next" >"$WORK/month.ndjson"
  lines=$(wc -l <"$WORK/month.ndjson")
  seconds=$(curl -sf -o "$WORK/answer.json" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/month.ndjson" "$URL/api/readings")
  grep -q "\"accepted\":$lines" "$WORK/answer.json" || { echo "not all accepted: $(cat "$WORK/answer.json")" >&2; exit 1; }
  report=$(median_report_seconds 2025-01)
  total_lines=$((total_lines + lines))
  total_seconds=$(echo "$total_seconds + $seconds" | bc -l)
  printf '%-8s %10d %10.1f %12.0f %14.0f\n' "$(date -u -d "@$month" +%Y-%m)" "$lines" "$seconds" \
    "$(echo "$lines / $seconds" | bc -l)" "$(echo "$report * 1000" | bc -l)"
  month=$next
done
printf 'all: %d readings in %.1f s: %.0f readings/s (stored and accounted)\n' "$total_lines" "$total_seconds" \
  "$(echo "$total_lines / $total_seconds" | bc -l)"
for m in 2025-01 2025-06 2025-12; do
  for _ in 1 2 3; do
    curl -sf -o /dev/null -w "report $m: %{time_total} s\n" -H "Authorization: Bearer $TOKEN" \
      "$URL/api/reports/monthly?month=$m"
  done
done
echo "buckets stored: $("${PSQL[@]}" -d "$BENCH_DB" -tAc 'select count(*) from energy_bucket')"
