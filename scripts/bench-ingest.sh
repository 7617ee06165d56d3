#!/usr/bin/env bash
# Fleet-server ingest benchmark, in one run: virtual fleet (multiplexed) -> local Mosquitto -> fleet-server ->
# PostgreSQL. Not part of the test run; figures and how to read them: docs/benchmarks.md.
#   phase "raw":    the same load to a plain mosquitto_sub: what the broker delivers on this machine
#   phase "server": a fresh database, the packaged server, the same load; waits until every taken message is
#                   durable, then counts energy readings sent by the generator against rows in energy_reading
#
#   scripts/bench-ingest.sh                                  50,000 meters, 25,000 msg/s, 30 s, QoS 0
#   RATE=40000 QOS=1 scripts/bench-ingest.sh                 or: scripts/bench-ingest.sh --rate 40000 --qos 1
#   PHASES=server scripts/bench-ingest.sh                    skip the raw phase
# Settings (environment or flags): METERS, RATE, DURATION (s), QOS (0|1), CONNECTIONS, SEED, PHASES (raw,server),
# SERVER_HEAP (-Xmx of the server), BENCH_DB (dropped and created again), BENCH_HTTP_PORT, MQTT_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

METERS=${METERS:-50000}
RATE=${RATE:-25000}
DURATION=${DURATION:-30}
QOS=${QOS:-0}
CONNECTIONS=${CONNECTIONS:-4}
SEED=${SEED:-5}
PHASES=${PHASES:-raw,server}
SERVER_HEAP=${SERVER_HEAP:-384m}
BENCH_DB=${BENCH_DB:-fleetbench}
BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-8080}
MQTT_PORT=${MQTT_PORT:-1883}

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --meters) METERS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --qos) QOS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --phases) PHASES=$2; shift 2 ;;
    --heap) SERVER_HEAP=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done
case "$QOS" in 0|1) ;; *) echo "QOS is 0 or 1, not $QOS" >&2; exit 2 ;; esac
[ "$BENCH_DB" != test ] || { echo "BENCH_DB must not be the tests' database" >&2; exit 2; }

DRIVER=meter-driver/target/meter-driver.jar
SERVER=fleet-server/target/quarkus-app/quarkus-run.jar
METRICS=http://127.0.0.1:$BENCH_HTTP_PORT/q/metrics
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-ingest.XXXXXX")
TICK=$(getconf CLK_TCK)
started_pids=()

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  echo "logs and samples kept in $WORK" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_java
scripts/services.sh
command -v mosquitto_sub >/dev/null 2>&1 || install_packages mosquitto-clients
command -v curl >/dev/null 2>&1 || install_packages curl

# build when never built for this script or when a source changed since (Quarkus leaves an unchanged jar alone)
STAMP=fleet-server/target/bench-ingest.built
if [ ! -f "$DRIVER" ] || [ ! -f "$SERVER" ] || [ ! -f "$STAMP" ] \
    || [ -n "$(find pom.xml core meter-driver/src meter-driver/pom.xml fleet-server/src fleet-server/pom.xml \
               -newer "$STAMP" -not -path '*/target/*' -print -quit)" ]; then
  echo "Building..." >&2
  ./mvnw -B -ntp -q install -DskipTests
  touch "$STAMP"
fi

# --- measuring helpers -------------------------------------------------------------------------------------------

# CPU seconds (user + system) of the given processes so far; a process that is gone counts 0
cpu_ticks() {
  local pid sum=0 stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }   # the command name may hold spaces; the fields after it do not
    set -- $stat
    sum=$((sum + ${12} + ${13}))
  done
  echo "$sum"
}

postgres_pids() { pgrep -x postgres || true; }
mosquitto_pid() { pgrep -x mosquitto | head -n 1; }

# busy and total jiffies of the whole machine, from the first line of /proc/stat
machine_ticks() {
  awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; total=busy+$5+$6; print busy, total; exit}' /proc/stat
}

# sum of one metric's samples from a metrics dump on stdin: all label sets, or those starting as in 'name{a="b"'
metric() {
  awk -v name="$1" '$1 == name || index($1, index(name, "{") ? name : name "{") == 1 {sum += $NF}
    END {printf "%.0f\n", sum}'
}

metricf() {
  awk -v name="$1" '$1 == name {v = $NF} END {printf "%.3f\n", v}'
}

secs() { awk -v t="$1" -v k="$TICK" 'BEGIN {printf "%.1f", t / k}'; }

# runs the generator for DURATION s; its summary line goes to $1, its CPU ticks to $1.cpu
run_generator() {
  local out=$1
  java -jar "$DRIVER" simulate-fleet --count "$METERS" --multiplexed --rate "$RATE" --connections "$CONNECTIONS" \
    --qos "$QOS" --seed "$SEED" --duration "$DURATION" --mqtt "tcp://127.0.0.1:$MQTT_PORT" >"$out" 2>"$out.err" &
  local pid=$! last=0 now
  started_pids+=("$pid")
  # sample its CPU until it exits: the last sample before exit is its total, within a second
  while kill -0 "$pid" 2>/dev/null; do
    now=$(cpu_ticks "$pid")
    [ "$now" -gt 0 ] && last=$now
    sleep 0.5
  done
  wait "$pid" || { echo "the generator failed:" >&2; cat "$out" "$out.err" >&2; return 1; }
  echo "$last" >"$out.cpu"
  grep '^summary:' "$out" >&2
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"; }

CMD="scripts/bench-ingest.sh --meters $METERS --rate $RATE --duration $DURATION --qos $QOS"
echo "== $CMD ($CONNECTIONS connections, server -Xmx$SERVER_HEAP)" >&2

# --- phase raw: a plain subscriber --------------------------------------------------------------------------------

raw_rate=n/a raw_share=n/a raw_energy=n/a raw_sent=n/a
if [[ ,$PHASES, == *,raw,* ]]; then
  echo "-- raw: generator -> Mosquitto -> mosquitto_sub, ${DURATION} s" >&2
  mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -q "$QOS" -v -t '+/+/get' -t '+/+' -t 'tele/+/+' -t 'stat/+/+' \
    >"$WORK/raw.sub" &
  sub=$!
  started_pids+=("$sub")
  sleep 1
  run_generator "$WORK/raw.gen"
  # let what is still queued arrive: stop when the count stands still for 2 s
  prev=-1
  while true; do
    n=$(wc -l <"$WORK/raw.sub")
    [ "$n" -eq "$prev" ] && break
    prev=$n
    sleep 2
  done
  kill "$sub" 2>/dev/null || true
  wait "$sub" 2>/dev/null || true
  raw_msgs=$(wc -l <"$WORK/raw.sub")
  raw_energy=$(grep -cE '^[^ /]+/energycounter(_last_hour|_today|_yesterday|_2_days_ago|_3_days_ago)?(/get)? ' \
    "$WORK/raw.sub" || true)
  raw_seconds=$(field seconds "$WORK/raw.gen")
  raw_sent=$(field sent "$WORK/raw.gen")
  raw_rate=$(awk -v n="$raw_msgs" -v s="$raw_seconds" 'BEGIN {printf "%.0f", n / s}')
  raw_share=$(awk -v n="$raw_msgs" -v s="$raw_sent" 'BEGIN {printf "%.3f", n / s}')
  raw_energy="$raw_energy of $(field energy_sent "$WORK/raw.gen")"
  rm -f "$WORK/raw.sub"
  echo "raw: $raw_msgs of $raw_sent delivered, $raw_rate msg/s" >&2
  sleep 3   # let the broker settle
fi

# --- phase server: generator -> Mosquitto -> fleet-server -> PostgreSQL -------------------------------------------

if [[ ,$PHASES, == *,server,* ]]; then
  echo "-- server: fresh database $BENCH_DB, server -Xmx$SERVER_HEAP" >&2
  "${PSQL[@]}" -d postgres -c "drop database if exists $BENCH_DB with (force)" -c "create database $BENCH_DB"
  if listening "$BENCH_HTTP_PORT"; then
    echo "error: port $BENCH_HTTP_PORT is taken; set BENCH_HTTP_PORT" >&2
    exit 1
  fi
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" QUARKUS_DATASOURCE_USERNAME=postgres \
  FLEET_MQTT_URL="tcp://127.0.0.1:$MQTT_PORT" FLEET_MQTT_CLIENT_ID=bench-server FLEET_MQTT_SESSION_EXPIRY=0s \
  FLEET_DEMO_METERS=0 FLEET_HTTP_PORT="$BENCH_HTTP_PORT" FLEET_ADMIN_TOKEN="bench-$(date +%s%N)-$RANDOM$RANDOM" \
    java "-Xmx$SERVER_HEAP" ${SERVER_JAVA_OPTS:-} -jar "$SERVER" >"$WORK/server.log" 2>&1 &
  server=$!
  started_pids+=("$server")
  for _ in $(seq 1 120); do
    if curl -sf "$METRICS" 2>/dev/null | metric fleet_mqtt_connected | grep -qx 1; then break; fi
    kill -0 "$server" 2>/dev/null || { echo "the server stopped:" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }
    sleep 1
  done
  curl -sf "$METRICS" | metric fleet_mqtt_connected | grep -qx 1 \
    || { echo "the server did not connect to the broker" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1; }
  sleep 2

  taken() { metric fleet_mqtt_messages_total <"$1"; }
  curl -sf "$METRICS" >"$WORK/metrics.before"
  taken_before=$(taken "$WORK/metrics.before")
  mosq=$(mosquitto_pid)
  read -r -a pg <<<"$(postgres_pids | tr '\n' ' ')"
  cpu0_mosq=$(cpu_ticks "$mosq"); cpu0_server=$(cpu_ticks "$server"); cpu0_pg=$(cpu_ticks "${pg[@]}")
  read -r busy0 total0 < <(machine_ticks)

  # one metrics sample a second while the load runs and drains: time, taken, unwritten batches, lag max, RSS
  sampler() {
    while true; do
      if curl -sf "$METRICS" >"$WORK/m" 2>/dev/null; then
        echo "$(date +%s.%N) $(taken "$WORK/m") $(metric fleet_ingest_unwritten_batches <"$WORK/m")" \
          "$(metricf fleet_ingest_lag_seconds_max <"$WORK/m") $(awk '/^VmRSS/{print $2}' "/proc/$server/status")"
      fi
      sleep 1
    done
  }
  sampler >"$WORK/samples" &
  started_pids+=("$!")
  # postgres backends come and go: note every one seen during the run
  (while true; do postgres_pids; sleep 1; done) >"$WORK/pg.pids" &
  started_pids+=("$!")

  run_generator "$WORK/server.gen"
  t_gen_end=$(date +%s.%N)
  taken_at_gen_end=$(curl -sf "$METRICS" | metric fleet_mqtt_messages_total)

  # durable: every message taken has been committed (the lag summary counts each one at its commit), and the
  # counter stood still for 3 s, so the broker holds nothing more for us
  durable0=$(metric fleet_ingest_lag_seconds_count <"$WORK/metrics.before")
  still=0 prev=-1 t_durable=""
  for _ in $(seq 1 3000); do
    curl -sf "$METRICS" >"$WORK/metrics.after"
    now=$(taken "$WORK/metrics.after")
    durable=$(metric fleet_ingest_lag_seconds_count <"$WORK/metrics.after")
    if [ "$now" -ne "$prev" ]; then still=0; t_durable=""; else still=$((still + 1)); fi
    prev=$now
    if [ -z "$t_durable" ] && [ $((durable - durable0)) -ge $((now - taken_before)) ]; then
      t_durable=$(date +%s.%N)
    fi
    [ -n "$t_durable" ] && [ "$still" -ge 15 ] && break
    sleep 0.2
  done
  [ -n "$t_durable" ] || { echo "the server did not make every message durable within 10 minutes" >&2; t_durable=$(date +%s.%N); }

  read -r -a pg_all <<<"$(sort -un "$WORK/pg.pids" | tr '\n' ' ')"
  cpu_mosq=$(( $(cpu_ticks "$mosq") - cpu0_mosq ))
  cpu_server=$(( $(cpu_ticks "$server") - cpu0_server ))
  cpu_pg=$(( $(cpu_ticks "${pg_all[@]}") - cpu0_pg ))
  cpu_gen=$(cat "$WORK/server.gen.cpu")
  read -r busy1 total1 < <(machine_ticks)

  taken_total=$(( $(taken "$WORK/metrics.after") - taken_before ))
  accepted=$(metric 'fleet_mqtt_messages_total{result="accepted"' <"$WORK/metrics.after")
  devices=$(metric fleet_devices_known <"$WORK/metrics.after")
  lag_count=$(metric fleet_ingest_lag_seconds_count <"$WORK/metrics.after")
  lag_sum=$(metric fleet_ingest_lag_seconds_sum <"$WORK/metrics.after")
  lag_max=$( (cat "$WORK/samples"; echo "0 0 0 $(metricf fleet_ingest_lag_seconds_max <"$WORK/metrics.after")") \
    | awk '{if ($4 > m) m = $4} END {printf "%.1f", m}')
  rss_peak=$(awk '/^VmHWM/{printf "%.0f", $2 / 1024}' "/proc/$server/status")
  stored=$("${PSQL[@]}" -d "$BENCH_DB" -tAc "select count(*) from energy_reading")
  rows_device=$("${PSQL[@]}" -d "$BENCH_DB" -tAc "select count(*) from device")

  gen_seconds=$(field seconds "$WORK/server.gen")
  gen_sent=$(field sent "$WORK/server.gen")
  energy_sent=$(field energy_sent "$WORK/server.gen")
  energy_confirmed=$(field energy_confirmed "$WORK/server.gen")
  # the reference count: readings the broker acknowledged at QoS 1; at QoS 0, those written to the socket
  # end to end: from the first publish to the last message taken, once everything taken was durable
  drain=$(awk -v a="$t_gen_end" -v b="$t_durable" 'BEGIN {d = b - a; printf "%.1f", d < 0 ? 0 : d}')
  window=$(awk -v g="$gen_seconds" -v d="$drain" 'BEGIN {printf "%.1f", g + d}')
  e2e_rate=$(awk -v n="$taken_total" -v s="$window" 'BEGIN {printf "%.0f", n / s}')
  during_rate=$(awk -v n="$((taken_at_gen_end - taken_before))" -v s="$gen_seconds" 'BEGIN {printf "%.0f", n / s}')
  dropped=$((gen_sent - taken_total))
  share=$(awk -v n="$taken_total" -v s="$gen_sent" 'BEGIN {printf "%.3f", n / s}')
  ratio=n/a
  [ "$raw_rate" != n/a ] && ratio=$(awk -v a="$e2e_rate" -v b="$raw_rate" 'BEGIN {printf "%.2f", a / b}')
  lost=$((energy_confirmed - stored))
  busy=$(awk -v b="$((busy1 - busy0))" -v t="$((total1 - total0))" 'BEGIN {printf "%.0f", 100 * b / t}')

  cat <<EOF

== fleet-server ingest: $CMD
meters $METERS, offered $RATE msg/s at QoS $QOS over $CONNECTIONS connections for ${DURATION} s, server -Xmx$SERVER_HEAP
generator             sent $gen_sent in ${gen_seconds} s ($(field rate "$WORK/server.gen") msg/s), refused $(field refused "$WORK/server.gen")
raw (mosquitto_sub)   $raw_rate msg/s delivered ($raw_share of sent); energy readings delivered: $raw_energy
server                took $taken_total messages ($share of sent; $accepted accepted; $dropped never reached it)
                      window ${window} s: ${gen_seconds} s of load, then ${drain} s until the last one was durable
                      end to end $e2e_rate msg/s (all durable); $during_rate msg/s while the load ran; server/raw $ratio
energy readings       sent $energy_sent, confirmed $energy_confirmed, stored $stored, lost $lost
devices               $devices known, $rows_device rows in device
lag                   max ${lag_max} s, mean $(awk -v s="$lag_sum" -v c="$lag_count" 'BEGIN {printf "%.2f", c ? s / c : 0}') s
server RSS            peak ${rss_peak} MiB
CPU seconds           mosquitto $(secs "$cpu_mosq"), generator $(secs "$cpu_gen"), server $(secs "$cpu_server"), postgres $(secs "$cpu_pg"); machine ${busy} % busy over the window
EOF
  echo "| $RATE | $QOS | $raw_rate | $e2e_rate | $share | $during_rate | $ratio | $energy_sent / $energy_confirmed / $stored / $lost" \
    "| $devices | $lag_max | $rss_peak | $(secs "$cpu_mosq") / $(secs "$cpu_gen") / $(secs "$cpu_server") / $(secs "$cpu_pg") |" \
    >"$WORK/row.md"
  echo "table row: $(cat "$WORK/row.md")"
fi
