#!/usr/bin/env bash
# Starts what the tests talk to, over real connections: PostgreSQL on 127.0.0.1:5432 (user postgres,
# trust auth, database "test") and Mosquitto on 127.0.0.1:1883. Installs them from Debian packages
# where missing, with socat for the serial tests and Chromium for the web console's browser tests. Safe to run again: services already running are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

start_postgresql() {
  if ! listening 5432; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      echo "Installing PostgreSQL..." >&2
      install_packages postgresql postgresql-client
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for_port 5432 PostgreSQL
  fi
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    # a fresh Debian cluster asks for passwords over TCP; the tests connect as postgres without one
    local version hba
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    sleep 1
  fi
  if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'test'")" != 1 ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
  fi
  echo "PostgreSQL ready on 127.0.0.1:5432" >&2
}

start_mosquitto() {
  if listening 1883; then
    echo "Mosquitto ready on 127.0.0.1:1883" >&2
    return
  fi
  if ! command -v mosquitto >/dev/null 2>&1; then
    echo "Installing Mosquitto..." >&2
    install_packages mosquitto mosquitto-clients
  fi
  if [ -f /etc/mosquitto/mosquitto.conf ]; then
    as_root mosquitto -d -c /etc/mosquitto/mosquitto.conf
  else
    as_root mosquitto -d
  fi
  wait_for_port 1883 Mosquitto
  echo "Mosquitto ready on 127.0.0.1:1883" >&2
}

command -v psql >/dev/null 2>&1 || install_packages postgresql-client
# socat makes pseudo-terminal pairs for the serial-port tests
command -v socat >/dev/null 2>&1 || install_packages socat
# the TLS tests make certificates with openssl and run a private Mosquitto with a password file
command -v openssl >/dev/null 2>&1 || install_packages openssl
command -v mosquitto_passwd >/dev/null 2>&1 || install_packages mosquitto
require_chromium
start_postgresql
start_mosquitto
