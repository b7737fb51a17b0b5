#!/usr/bin/env bash
# Installs the real OpenStack command-line clients into <repo>/.venv and prints their bin folder.
# Idempotent: when the pinned versions are already there it installs nothing and prints only the path.
# Usage: bash deploy/openstack-clients.sh   (needs python3 with venv and a reachable PyPI)
set -euo pipefail

OSC_VERSION="10.5.0"
NOVACLIENT_VERSION="18.13.1"
# The libraries that decide what goes on the wire, pinned to the versions the tests were written against.
PINNED_LIBRARIES=("openstacksdk==4.22.0" "keystoneauth1==5.18.1" "osc-lib==4.7.0")

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
bin="$venv/bin"

installed() {
  [ -x "$bin/openstack" ] && [ -x "$bin/nova" ] &&
    "$bin/python" - "$OSC_VERSION" "$NOVACLIENT_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
ok = version("python-openstackclient") == sys.argv[1] and version("python-novaclient") == sys.argv[2]
sys.exit(0 if ok else 1)
PY
}

if ! installed; then
  if [ ! -x "$bin/python" ]; then
    python3 -m venv "$venv" >&2
  fi
  "$bin/python" -m pip install --quiet --disable-pip-version-check \
    "python-openstackclient==$OSC_VERSION" "python-novaclient==$NOVACLIENT_VERSION" "${PINNED_LIBRARIES[@]}" >&2
  installed || { echo "openstack-clients.sh: install finished but the clients are missing in $bin" >&2; exit 1; }
fi

echo "$bin"
