#!/usr/bin/env bash
# Runs every test of every module against the real services, installing what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
require_java
scripts/services.sh
./mvnw -B -ntp verify "$@"
