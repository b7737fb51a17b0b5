#!/usr/bin/env bash
# Builds the OpenTelemetry Collector peer (bench/peers/otelcol/: otelcol core with the OTLP
# receiver, batch processor, nop and debug exporters, at the versions Jaeger v1.76.0/v2 pins) into
# a cache directory outside git, reusing a binary already there. Prints the binary's path.
#
#   bench/peers/otelcol.sh build    build if missing, print the path (exit 1 with a reason if not)
#   bench/peers/otelcol.sh path     print the path if built, else exit 1
#
# Environment: HOPTRACE_PEERS_CACHE (default ~/.cache/hoptrace/peers). Needs Go >= 1.24 and the
# Go module proxy (or a module cache holding go.opentelemetry.io/collector v0.140.0).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${HOPTRACE_PEERS_CACHE:-$HOME/.cache/hoptrace/peers}"
BIN="$CACHE/otelcol"

log() { echo "otelcol.sh: $*" >&2; }

build() {
  if [ -x "$BIN" ]; then echo "$BIN"; return 0; fi
  command -v go >/dev/null || { log "Go is required (https://go.dev/dl/)"; exit 1; }
  local work="$CACHE/otelcol-src"
  mkdir -p "$work"
  cp "$HERE/otelcol/main.go" "$HERE/otelcol/go.mod" "$work/"
  log "building the OpenTelemetry Collector core into $BIN (several minutes on a busy machine)"
  (cd "$work" && go mod tidy >&2 && nice -n 10 go build -trimpath -o "$BIN.tmp" . >&2)
  mv "$BIN.tmp" "$BIN"
  echo "$BIN"
}

case "${1:-build}" in
  build) build ;;
  path) [ -x "$BIN" ] && echo "$BIN" ;;
  *) log "usage: $0 build|path"; exit 2 ;;
esac
