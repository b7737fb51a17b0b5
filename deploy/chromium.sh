#!/usr/bin/env bash
# Installs Debian's Chromium for hoptrace's browser tests (test/browser*.test.ts), if missing.
# Idempotent: does nothing when /usr/bin/chromium already runs. Needs root (apt-get).
set -euo pipefail

if [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
