#!/usr/bin/env bash
# Saves a screenshot of each web console page into docs/screenshots: starts a demo server of its own (embedded
# database and broker, 20 demo meters, a data directory that is thrown away), waits until the demo's history is
# in, then lets ConsoleTour sign in and walk through the pages in headless Chromium, starting one rollout.
# Settings (environment): SHOTS_HTTP_PORT, SHOTS_BROKER_PORT, SHOTS_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
require_java
require_chromium

PORT=${SHOTS_HTTP_PORT:-8094}
BROKER_PORT=${SHOTS_BROKER_PORT:-1898}
SHOTS_DIR=${SHOTS_DIR:-$PWD/docs/screenshots}
TOKEN=tour-admin-token-0123456789abcdef
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/screenshots.XXXXXX")

server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$(id -u)" -eq 0 ] && ! command -v unshare >/dev/null 2>&1; then
  install_packages util-linux
fi
./mvnw -B -ntp -q -DskipTests install
FLEET_HTTP_PORT=$PORT FLEET_EMBEDDED_BROKER_PORT=$BROKER_PORT FLEET_DEMO_METERS=20 FLEET_ADMIN_TOKEN=$TOKEN \
  FLEET_DATA_DIR="$WORK/data" java -jar fleet-server/target/quarkus-app/quarkus-run.jar >"$WORK/server.log" 2>&1 &
server_pid=$!
month=$(TZ=Europe/Berlin date -d "$(TZ=Europe/Berlin date +%Y-%m-15) -1 month" +%Y-%m)
echo "Waiting for the demo fleet and its history (report of $month)..." >&2
for _ in $(seq 1 240); do
  report=$(curl -fs -H "Authorization: Bearer $TOKEN" "$URL/api/reports/monthly?month=$month" 2>/dev/null || true)
  if [ -n "$report" ] && [ "$(grep -o '"energy_mwh":[1-9]' <<<"$report" | wc -l)" -ge 3 ]; then
    break
  fi
  sleep 1
done
[ "$(grep -o '"energy_mwh":[1-9]' <<<"${report:-}" | wc -l)" -ge 3 ] || {
  echo "the demo history did not arrive; log: $WORK/server.log" >&2
  cp "$WORK/server.log" "${TMPDIR:-/tmp}/screenshots-server.log"
  exit 1
}
sleep 20   # a few live readings per meter, so the charts reach up to now

./mvnw -B -ntp -q -pl fleet-server -Dtest=ConsoleTour -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsole.tour.url="$URL" -Dconsole.tour.token="$TOKEN" -Dconsole.tour.dir="$SHOTS_DIR" surefire:test
echo "Screenshots in $SHOTS_DIR" >&2
