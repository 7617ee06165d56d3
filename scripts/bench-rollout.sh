#!/usr/bin/env bash
# Rollout benchmark: one firmware image to a fleet of virtual meters (real MQTT sessions, real HTTP downloads at a
# set rate), canary 1 then waves of 10 %, 50 % and 100 %, at most CONCURRENT devices at once. Prints the wall time
# against the ideal (every wave in rounds of CONCURRENT devices, each round one device's OTA time as configured)
# and the server's CPU and resident memory meanwhile. Not part of the test run; figures in docs/benchmarks.md.
#   scripts/bench-rollout.sh                 1000 meters, 50 at once
#   METERS=5000 scripts/bench-rollout.sh     another size
# Settings (environment): METERS, CONCURRENT, IMAGE_BYTES, DOWNLOAD_RATE (bytes/s per meter), BENCH_DB (dropped
# and created again), BENCH_HTTP_PORT, SERVER_HEAP, SIM_HEAP.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

METERS=${METERS:-1000}
CONCURRENT=${CONCURRENT:-50}
IMAGE_BYTES=${IMAGE_BYTES:-300000}
DOWNLOAD_RATE=${DOWNLOAD_RATE:-100000}
BENCH_DB=${BENCH_DB:-fleetbench_ota}
BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-8091}
SERVER_HEAP=${SERVER_HEAP:-512m}
SIM_HEAP=${SIM_HEAP:-2g}
TOKEN=bench-admin-token-0123456789abcdef
URL=http://127.0.0.1:$BENCH_HTTP_PORT
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-rollout.XXXXXX")
SERVER=fleet-server/target/quarkus-app/quarkus-run.jar
DRIVER=meter-driver/target/meter-driver.jar
# the virtual meter's own timings (OpenBeken's): reboot 1 s after the download, Wi-Fi join 3 s, and the build is
# the second item of the state sweep it publishes once connected, one item a second
REBOOT_S=1
WIFI_JOIN_S=3
BUILD_REPORTED_S=2
[ "$BENCH_DB" != test ] || { echo "BENCH_DB must not be the tests' database" >&2; exit 2; }

server_pid=
fleet_pid=
cleanup() {
  [ -z "$fleet_pid" ] || kill "$fleet_pid" 2>/dev/null || true
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

require_java
command -v bc >/dev/null 2>&1 || install_packages bc
bash scripts/services.sh
[ -f "$SERVER" ] && [ -f "$DRIVER" ] || ./mvnw -B -ntp -q -DskipTests install

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$BENCH_DB FLEET_MQTT_URL=tcp://127.0.0.1:1883 \
  FLEET_MQTT_CLIENT_ID=bench-rollout FLEET_MQTT_SESSION_EXPIRY=0s FLEET_ADMIN_TOKEN=$TOKEN \
  FLEET_HTTP_PORT=$BENCH_HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  java -Xmx"$SERVER_HEAP" -jar "$SERVER" >"$WORK/server.log" 2>&1 &
server_pid=$!
wait_for_server "$URL" "$WORK/server.log"
api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
sql() { "${PSQL[@]}" -d "$BENCH_DB" -tAc "$1"; }

echo "starting $METERS virtual meters (downloads at $DOWNLOAD_RATE B/s)" >&2
java -Xmx"$SIM_HEAP" -jar "$DRIVER" simulate-fleet --count "$METERS" --download-rate "$DOWNLOAD_RATE" --seed 8 \
  >"$WORK/fleet.log" 2>&1 &
fleet_pid=$!
for _ in $(seq 1 600); do
  ready=$(sql "select count(*) from device where online and firmware_version is not null and rssi is not null")
  [ "$ready" -ge "$METERS" ] && break
  sleep 1
done
[ "$ready" -ge "$METERS" ] || { echo "only $ready of $METERS meters came up; see $WORK/fleet.log" >&2; exit 1; }

image=$(java -jar "$DRIVER" ota-image --version 1.18.300 --size "$IMAGE_BYTES" --dir "$WORK")
firmware=$(api -H 'Content-Type: application/octet-stream' --data-binary @"$image" \
  "$URL/api/firmware?filename=$(basename "$image")" | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
size=$(stat -c %s "$image")

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
cpu0=$(cpu_ticks)
start=$(date +%s.%N)
rollout=$(api -H 'Content-Type: application/json' -d "{\"firmware\":\"$firmware\",\"filter\":{\"version\":\"<1.18.300\"},
  \"canary\":1,\"waves\":[10,50,100],\"maxConcurrent\":$CONCURRENT,\"failureThresholdPercent\":10}" \
  "$URL/api/rollouts" | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
[ -n "$rollout" ] && [ -n "$firmware" ] || { echo "could not create the rollout; see $WORK/server.log" >&2; exit 1; }
rss_peak=0
state=RUNNING
while [ "$state" = RUNNING ]; do
  sleep 1
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
  [ "$rss" -le "$rss_peak" ] || rss_peak=$rss
  state=$(sql "select state from rollout where id = '$rollout'")
done
end=$(date +%s.%N)
cpu1=$(cpu_ticks)

wall=$(echo "$end - $start" | bc -l)
# rounds: each wave goes in batches of CONCURRENT
rounds=0
for wave in $(sql "select array_to_string(wave_ends, ' ') from rollout where id = '$rollout'"); do
  rounds=$((rounds + (wave - ${previous:-0} + CONCURRENT - 1) / CONCURRENT))
  previous=$wave
done
per_device=$(echo "$size / $DOWNLOAD_RATE + $REBOOT_S + $WIFI_JOIN_S + $BUILD_REPORTED_S" | bc -l)
ideal=$(echo "$rounds * $per_device" | bc -l)
measured=$(sql "select extract(epoch from percentile_cont(0.5) within group (order by s.at - c.at)) || ' '
  || extract(epoch from percentile_cont(0.95) within group (order by s.at - c.at))
  from rollout_transition c join rollout_transition s on s.rollout_pk = c.rollout_pk and s.device_pk = c.device_pk
  where c.state = 'COMMANDED' and s.state = 'SUCCEEDED' and c.rollout_pk = (select pk from rollout where id = '$rollout')")
echo "rollout $rollout ended $state:"
sql "select state, count(*) from rollout_device where rollout_pk = (select pk from rollout where id = '$rollout')
  group by state order by state"
printf 'meters %d, at most %d at once, image %d bytes at %d B/s, %d rounds\n' "$METERS" "$CONCURRENT" "$size" \
  "$DOWNLOAD_RATE" "$rounds"
read -r median p95 <<<"$measured"
printf 'per-device OTA time (command to verified): configured %.1f s, measured median %.1f s, p95 %.1f s\n' \
  "$per_device" "$median" "$p95"
printf 'wall %.1f s; ideal from the configured times %.1f s: %.2f x; from the measured median %.1f s: %.2f x\n' \
  "$wall" "$ideal" "$(echo "$wall / $ideal" | bc -l)" "$(echo "$rounds * $median" | bc -l)" \
  "$(echo "$wall / ($rounds * $median)" | bc -l)"
printf 'server CPU %.2f cores on average, peak RSS %d MiB\n' \
  "$(echo "($cpu1 - $cpu0) / $ticks / $wall" | bc -l)" $((rss_peak / 1024))
