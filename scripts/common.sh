# Shared by the scripts in this folder: privileged commands and Debian package installs.
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
install_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $* missing and this machine has no apt-get; install them by hand" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# A JDK of version 17 or newer, installed from Debian packages if there is none.
require_java() {
  local version
  version=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1 || true)
  if [ -z "$version" ] || [ "$version" -lt 17 ] || ! command -v javac >/dev/null 2>&1; then
    echo "Installing a Java 17 JDK..." >&2
    install_packages openjdk-17-jdk-headless
  fi
}

# Headless Chromium and its WebDriver, for the web console's browser tests and benchmark.
require_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "Installing Chromium and chromedriver for the browser tests..." >&2
    install_packages chromium chromium-driver
  fi
}

# Waits up to a minute for a fleet server started in the background to be ready; names its log if it is not.
wait_for_server() {
  local url=$1 log=$2
  for _ in $(seq 1 120); do
    curl -sf "$url/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the server did not start; see $log" >&2
  return 1
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do
    listening "$port" && return 0
    sleep 0.5
  done
  echo "error: $name did not start listening on 127.0.0.1:$port" >&2
  return 1
}
