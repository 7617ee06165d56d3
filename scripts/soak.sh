#!/usr/bin/env bash
# Soak run: the packaged server under hours-long mixed load, watched for memory and latency that creep.
#   - live ingest: the multiplexed virtual fleet (METERS meters, RATE msg/s, QoS 0) for the whole run;
#   - OTA: OTA_METERS virtual meters with their own MQTT sessions, updated by one rollout after another;
#   - imports: every IMPORT_EVERY s, IMPORT_LINES readings of history for 100 meters in one NDJSON request.
# Every 10 s it samples the server's resident memory, heap, ingest lag and the latency of three API calls, and at the
# end of each window the live heap after a full collection; at the end it prints one table row per WINDOW minutes.
# Not part of the test run; figures in docs/benchmarks.md.
#   scripts/soak.sh                     30 minutes, 50,000 meters at 5,000 msg/s
#   MINUTES=60 RATE=8000 scripts/soak.sh
# Settings (environment): MINUTES, METERS, RATE, OTA_METERS, IMPORT_EVERY, IMPORT_LINES, WINDOW (minutes),
# SERVER_HEAP, SOAK_DB (dropped and created again), SOAK_HTTP_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

MINUTES=${MINUTES:-30}
METERS=${METERS:-50000}
RATE=${RATE:-5000}
OTA_METERS=${OTA_METERS:-200}
IMPORT_EVERY=${IMPORT_EVERY:-300}
IMPORT_LINES=${IMPORT_LINES:-100000}
WINDOW=${WINDOW:-5}
SERVER_HEAP=${SERVER_HEAP:-512m}
SOAK_DB=${SOAK_DB:-fleetsoak}
SOAK_HTTP_PORT=${SOAK_HTTP_PORT:-8095}
TOKEN=soak-admin-token-0123456789abcdef
URL=http://127.0.0.1:$SOAK_HTTP_PORT
SERVER=fleet-server/target/quarkus-app/quarkus-run.jar
DRIVER=meter-driver/target/meter-driver.jar
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
[ "$SOAK_DB" != test ] || { echo "SOAK_DB must not be the tests' database" >&2; exit 2; }

pids=()
restore_autovacuum() { :; }
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  restore_autovacuum
  echo "logs and samples kept in $WORK" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_java
scripts/services.sh
command -v curl >/dev/null 2>&1 || install_packages curl
command -v gawk >/dev/null 2>&1 || install_packages gawk   # strftime, for the import timestamps
JCMD=$(command -v jcmd || true)
[ -n "$JCMD" ] || echo "no jcmd (a JRE without the JDK tools): the live heap is not measured" >&2
STAMP=fleet-server/target/soak.built
if [ ! -f "$SERVER" ] || [ ! -f "$DRIVER" ] || [ ! -f "$STAMP" ] \
    || [ -n "$(find pom.xml core meter-driver/src fleet-server/src -newer "$STAMP" -not -path '*/target/*' -print -quit)" ]; then
  echo "Building..." >&2
  ./mvnw -B -ntp -q install -DskipTests
  touch "$STAMP"
fi

api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
sql() { "${PSQL[@]}" -d "$SOAK_DB" -tAc "$1"; }
metric() { awk -v n="$1" 'index($1, n) == 1 && (length($1) == length(n) || substr($1, length(n) + 1, 1) == "{") \
  {s += $NF} END {printf "%.0f\n", s}'; }
metricmax() { awk -v n="$1" 'index($1, n) == 1 {if ($NF > m) m = $NF} END {printf "%.2f\n", m}'; }

# a server updating thousands of device rows a second needs PostgreSQL's autovacuum, which test machines often turn
# off: on for the run, as a production database has it, and back as it was afterwards
if [ "$("${PSQL[@]}" -d postgres -tAc "show autovacuum")" = off ]; then
  "${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
  restore_autovacuum() { "${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET autovacuum" -c "SELECT pg_reload_conf()" >/dev/null; }
fi
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $SOAK_DB WITH (FORCE)" -c "CREATE DATABASE $SOAK_DB"
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$SOAK_DB FLEET_MQTT_URL=tcp://127.0.0.1:1883 \
  FLEET_MQTT_CLIENT_ID=soak-server FLEET_MQTT_SESSION_EXPIRY=0s FLEET_ADMIN_TOKEN=$TOKEN \
  FLEET_HTTP_PORT=$SOAK_HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  java "-Xmx$SERVER_HEAP" -jar "$SERVER" >"$WORK/server.log" 2>&1 &
server=$!
pids+=("$server")
wait_for_server "$URL" "$WORK/server.log"

echo "starting $OTA_METERS meters for the rollouts" >&2
java -Xmx1g -jar "$DRIVER" simulate-fleet --count "$OTA_METERS" --download-rate 100000 --seed 9 >"$WORK/ota-fleet.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 300); do
  ready=$(sql "select count(*) from device where online and firmware_version is not null and rssi is not null")
  [ "$ready" -ge "$OTA_METERS" ] && break
  sleep 1
done

# the rollouts' devices: the meters up so far, before the multiplexed load brings 50,000 more
ota_devices=$(sql "select string_agg('\"' || id || '\"', ',') from device where online")

for m in $(seq 1 100); do
  api -o /dev/null -H 'Content-Type: application/json' -d "{\"id\":\"soak-$m\",\"quantum\":\"0.001Wh\"}" "$URL/api/devices"
done

# rollouts, one after another, each to a newer build than the last
rollouts() {
  local k=0 image firmware rollout state
  while true; do
    k=$((k + 1))
    image=$(java -jar "$DRIVER" ota-image --version "1.18.$((300 + k))" --size 300000 --dir "$WORK")
    firmware=$(api -H 'Content-Type: application/octet-stream' --data-binary @"$image" \
      "$URL/api/firmware?filename=$(basename "$image")" | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
    rollout=$(api -H 'Content-Type: application/json' -d "{\"firmware\":\"$firmware\",\
\"devices\":[$ota_devices],\"canary\":1,\"waves\":[10,50,100],\"maxConcurrent\":20,\
\"failureThresholdPercent\":10}" "$URL/api/rollouts" | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
    state=RUNNING
    while [ "$state" = RUNNING ]; do sleep 5; state=$(sql "select state from rollout where id = '$rollout'"); done
    echo "$(date +%s) rollout $k $state $(sql "select string_agg(state || '=' || n, ',') from (select state, count(*) n
      from rollout_device where rollout_pk = (select pk from rollout where id = '$rollout') group by state) s")"
  done
}

# history for 100 meters, one 15-minute reading each; every import continues where the last one ended
import_lines() {
  gawk -v from="$1" -v n="$IMPORT_LINES" 'BEGIN {
    for (i = from; i < from + n; i++) {
      m = i % 100 + 1; step = int(i / 100); t = 1735689600 + step * 900
      printf "{\"device\":\"soak-%d\",\"ts\":\"%s\",\"register\":\"energy_total\",\"value\":\"%d.%03d\",\"unit\":\"Wh\"}\n",
        m, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), (m * 5000000 + step * 250000) / 1000, (m * 5000000 + step * 250000) % 1000
    }}'
}
imports() {
  local k=0 t0 t1 result
  while true; do
    t0=$(date +%s.%N)
    result=$(import_lines $((k * IMPORT_LINES)) | api -H 'Content-Type: application/x-ndjson' -H 'Transfer-Encoding: chunked' \
      --data-binary @- "$URL/api/readings")
    t1=$(date +%s.%N)
    echo "$(date +%s) import $((k + 1)) $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s $result"
    k=$((k + 1))
    sleep "$IMPORT_EVERY"
  done
}

# the heap that is really live: a class histogram forces a full collection, so its total is what the server holds
# on to (the JVM's own "live data" figure is the old generation after the last collection, which with G1 still
# holds garbage)
census() {
  "$JCMD" "$server" GC.class_histogram >"$WORK/histogram-$1" 2>/dev/null &&
    awk '$1 == "Total" {print $3}' "$WORK/histogram-$1"
}

# one sample every 10 s: time, messages taken, RSS KiB, heap used, lag max, the seconds of three API calls, and at
# the end of each window the live heap
sampler() {
  local t live next=$(( $(date +%s) + WINDOW * 60 - 10 ))
  while true; do
    t=$(date +%s)
    if curl -sf "$URL/q/metrics" >"$WORK/m" 2>/dev/null; then
      live=-
      if [ "$t" -ge "$next" ] && [ -n "$JCMD" ]; then live=$(census "$t" || echo -); next=$((next + WINDOW * 60)); fi
      echo "$t $(metric fleet_mqtt_messages_total <"$WORK/m") $(awk '/^VmRSS/{print $2}' "/proc/$server/status")" \
        "$(awk '$1 ~ /^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%.0f", s}' "$WORK/m")" \
        "$(metricmax fleet_ingest_lag_seconds_max <"$WORK/m")" \
        "$(api -o /dev/null -w '%{time_total}' "$URL/api/devices?limit=50")" \
        "$(api -o /dev/null -w '%{time_total}' "$URL/api/devices/facets")" \
        "$(api -o /dev/null -w '%{time_total}' "$URL/api/devices/soak-1/energy?step=d")" "$live"
    fi
    sleep 10
  done
}

sampler >"$WORK/samples" & pids+=("$!")
rollouts >"$WORK/rollouts" 2>>"$WORK/rollouts.err" & pids+=("$!")
imports >"$WORK/imports" 2>>"$WORK/imports.err" & pids+=("$!")
echo "soak: $MINUTES min, $METERS meters at $RATE msg/s, $OTA_METERS OTA meters, imports of $IMPORT_LINES lines every $IMPORT_EVERY s" >&2
java -Xmx2g -jar "$DRIVER" simulate-fleet --count "$METERS" --multiplexed --rate "$RATE" --connections 4 --qos 0 \
  --seed 5 --duration $((MINUTES * 60)) --mqtt tcp://127.0.0.1:1883 >"$WORK/load.log" 2>&1
sleep 10

t0=$(head -n 1 "$WORK/samples" | cut -d' ' -f1)
echo
echo "== scripts/soak.sh: $MINUTES min, $METERS meters at $RATE msg/s offered (QoS 0), $OTA_METERS OTA meters, server -Xmx$SERVER_HEAP"
grep '^summary:' "$WORK/load.log" || true
echo "rollouts: $(wc -l <"$WORK/rollouts") finished; $(tail -n 1 "$WORK/rollouts" 2>/dev/null)"
echo "imports: $(wc -l <"$WORK/imports"), seconds each: $(awk '{printf "%s ", $4}' "$WORK/imports")"
echo
echo "| minutes | msg/s taken | RSS max MiB | heap max MiB | live heap at end MiB | ingest lag max s | GET /api/devices median / max ms | facets median / max ms | energy median / max ms |"
echo "|---|---:|---:|---:|---:|---:|---|---|---|"
awk -v t0="$t0" -v w="$WINDOW" '
  function med(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return a[int((n + 1) / 2)] }
  { k = int(($1 - t0) / (w * 60)); if (!(k in first)) { first[k] = $1; taken0[k] = $2 } last[k] = $1; taken1[k] = $2
    if ($3 > rss[k]) rss[k] = $3; if ($4 > heap[k]) heap[k] = $4; if ($5 > lag[k]) lag[k] = $5; if ($9 != "-") live[k] = $9
    n[k]++; a1[k, n[k]] = $6; a2[k, n[k]] = $7; a3[k, n[k]] = $8; if (k > kmax) kmax = k }
  END { for (k = 0; k <= kmax; k++) {
    delete x; delete y; delete z; m1 = m2 = m3 = 0
    for (i = 1; i <= n[k]; i++) { x[i] = a1[k, i]; y[i] = a2[k, i]; z[i] = a3[k, i]
      if (x[i] > m1) m1 = x[i]; if (y[i] > m2) m2 = y[i]; if (z[i] > m3) m3 = z[i] }
    rate = last[k] > first[k] ? (taken1[k] - taken0[k]) / (last[k] - first[k]) : 0
    printf "| %d–%d | %.0f | %.0f | %.0f | %s | %.1f | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f |\n", k * w, (k + 1) * w, rate,
      rss[k] / 1024, heap[k] / 1048576, k in live ? sprintf("%.0f", live[k] / 1048576) : "–", lag[k], med(x, n[k]) * 1000, m1 * 1000,
      med(y, n[k]) * 1000, m2 * 1000, med(z, n[k]) * 1000, m3 * 1000 } }' "$WORK/samples"
