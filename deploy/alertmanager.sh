#!/usr/bin/env bash
# Installs Debian's Prometheus Alertmanager for hoptrace's alert delivery test
# (test/alerts-alertmanager.test.ts) and prints the path of its binary.
# Idempotent: when the binary already runs it only prints the path. Needs root (apt-get).
# The package's own service is not started here; the test starts its own alertmanager on loopback.
set -euo pipefail

BIN=/usr/bin/prometheus-alertmanager

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=300 -q)
# apt-get update only when the package is unknown to the local lists.
if ! apt-cache show prometheus-alertmanager >/dev/null 2>&1; then
  $SUDO apt-get "${APT_OPTS[@]}" update -qq >/dev/null
fi
$SUDO apt-get "${APT_OPTS[@]}" install -y --no-install-recommends prometheus-alertmanager >/dev/null

"$BIN" --version >/dev/null 2>&1 || { echo "alertmanager.sh: $BIN does not run after install" >&2; exit 1; }
echo "$BIN"
