#!/usr/bin/env bash
# Builds the project and starts its main job: the fleet server, with its own PostgreSQL and MQTT broker unless
# QUARKUS_DATASOURCE_JDBC_URL / FLEET_MQTT_URL point at real ones, and FLEET_DEMO_METERS virtual meters.
#   scripts/run.sh                            embedded everything, 20 demo meters, http://localhost:8080
#   FLEET_DEMO_METERS=0 scripts/run.sh        no demo meters
#   FLEET_DATA_DIR=/srv/fleet scripts/run.sh  keep the database elsewhere (default ./fleet-data)
# Settings and their defaults: the README, "The fleet server".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
require_java

# PostgreSQL refuses to run as root: the embedded one then runs in a user namespace, through unshare
if [ "$(id -u)" -eq 0 ] && [ -z "${QUARKUS_DATASOURCE_JDBC_URL:-}" ] && ! command -v unshare >/dev/null 2>&1; then
  echo "Installing util-linux (unshare) for the embedded PostgreSQL..." >&2
  install_packages util-linux
fi

./mvnw -B -ntp -q -DskipTests install

export FLEET_DEMO_METERS="${FLEET_DEMO_METERS:-20}"
export FLEET_HTTP_PORT="${FLEET_HTTP_PORT:-8080}"
# another broker (often Mosquitto) may hold 1883: the embedded one moves to 1884 rather than fail
if [ -z "${FLEET_MQTT_URL:-}" ] && [ -z "${FLEET_EMBEDDED_BROKER_PORT:-}" ] && listening 1883; then
  echo "Port 1883 is taken: the embedded MQTT broker listens on 1884 (set FLEET_EMBEDDED_BROKER_PORT to choose)" >&2
  export FLEET_EMBEDDED_BROKER_PORT=1884
fi

exec java -jar fleet-server/target/quarkus-app/quarkus-run.jar "$@"
