#!/usr/bin/env bash
# Web console benchmark: the fleet page with 50,000 meters in headless Chromium. Starts the packaged server on a
# database of its own, fills it with METERS meters (3 % offline, three firmware versions, 500 rack tags), then
# lets ConsoleBenchmark open the page and change filters, sort and page, RUNS times each. Prints median, p95 and
# max per action; not part of the test run; figures in docs/benchmarks.md.
#   scripts/bench-console.sh               50,000 meters
#   METERS=100000 scripts/bench-console.sh
# Settings (environment): METERS, RUNS, BENCH_DB (dropped and created again), BENCH_HTTP_PORT, BENCH_BROKER_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
require_java
require_chromium

METERS=${METERS:-50000}
RUNS=${RUNS:-15}
BENCH_DB=${BENCH_DB:-fleetbench_console}
BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-8093}
BENCH_BROKER_PORT=${BENCH_BROKER_PORT:-1897}
TOKEN=bench-admin-token-0123456789abcdef
URL=http://127.0.0.1:$BENCH_HTTP_PORT
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-console.XXXXXX")
[ "$BENCH_DB" != test ] || { echo "BENCH_DB must not be the tests' database" >&2; exit 2; }

server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

scripts/services.sh
./mvnw -B -ntp -q -DskipTests install
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"

QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$BENCH_DB FLEET_HTTP_PORT=$BENCH_HTTP_PORT \
  FLEET_EMBEDDED_BROKER_PORT=$BENCH_BROKER_PORT FLEET_DEMO_METERS=0 FLEET_ADMIN_TOKEN=$TOKEN \
  FLEET_DATA_DIR="$WORK/data" java -Xmx512m -jar fleet-server/target/quarkus-app/quarkus-run.jar \
  >"$WORK/server.log" 2>&1 &
server_pid=$!
wait_for_server "$URL" "$WORK/server.log"

echo "Filling $BENCH_DB with $METERS meters..." >&2
"${PSQL[@]}" -d "$BENCH_DB" <<SQL
INSERT INTO device (id, topic, mac, dialect, name, tags, first_seen, last_seen, online, build, firmware_version, chip,
                    ip, rssi, uptime_seconds, free_heap, voltage, current_amps, power_watts, relay_on)
SELECT lower(replace(mac, ':', '')), 'obk' || upper(replace(substr(mac, 10), ':', '')), mac, 'openbeken',
       'Meter ' || n, ARRAY['rack-' || lpad((n % 500)::text, 3, '0')],
       now() - interval '90 days', now() - (n % 600) * interval '1 second', n % 33 <> 0,
       'Build on Mar  1 2025 10:11:12 version ' || v, v, 'BK7231N',
       '10.' || (n / 65536) || '.' || (n / 256 % 256) || '.' || (n % 256), -40 - n % 45, n * 37 % 2000000,
       60000 + n % 5000, 230 + (n % 50) / 10.0, (n % 900) / 100.0, n * 7 % 2300, n % 17 <> 0
FROM (SELECT n, format('c8:47:8c:%s:%s:%s', lpad(to_hex(n / 65536), 2, '0'), lpad(to_hex(n / 256 % 256), 2, '0'),
                       lpad(to_hex(n % 256), 2, '0')) AS mac,
             (ARRAY['1.18.288', '1.18.300', '1.17.551'])[1 + n % 3] AS v
      FROM generate_series(1, $METERS) AS n) AS m;
ANALYZE device;
SQL

./mvnw -B -ntp -q -pl fleet-server -Dtest=ConsoleBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsole.bench.url="$URL" -Dconsole.bench.token="$TOKEN" -Dconsole.bench.runs="$RUNS" surefire:test
echo "Figures also in fleet-server/target/console-benchmark.md" >&2
