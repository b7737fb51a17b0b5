#!/usr/bin/env bash
# Builds Jaeger v2 from its Go module into a cache directory outside git, reusing a binary already
# there. `go install` refuses the module (it has a replace directive), so the module is downloaded
# with `go mod download`, copied somewhere writable and built in place. Prints the binary's path.
#
#   bench/peers/jaeger.sh build    build if missing (about 20 minutes on a busy 2-core machine)
#   bench/peers/jaeger.sh path     print the path if built, else exit 1
#
# Environment:
#   HOPTRACE_PEERS_CACHE  cache directory (default ~/.cache/hoptrace/peers)
#   HOPTRACE_JAEGER_SEED  an already built jaeger binary to link into the cache instead of building
#   JAEGER_VERSION        module version (default v1.76.0, which tags the same code as Jaeger v2)
set -euo pipefail

CACHE="${HOPTRACE_PEERS_CACHE:-$HOME/.cache/hoptrace/peers}"
VERSION="${JAEGER_VERSION:-v1.76.0}"
BIN="$CACHE/jaeger"

log() { echo "jaeger.sh: $*" >&2; }

build() {
  if [ -x "$BIN" ]; then echo "$BIN"; return 0; fi
  mkdir -p "$CACHE"
  if [ -n "${HOPTRACE_JAEGER_SEED:-}" ] && [ -x "$HOPTRACE_JAEGER_SEED" ]; then
    ln -sf "$HOPTRACE_JAEGER_SEED" "$BIN"
    log "using the prebuilt $HOPTRACE_JAEGER_SEED"
    echo "$BIN"
    return 0
  fi
  command -v go >/dev/null || { log "Go is required (https://go.dev/dl/)"; exit 1; }
  local dir src="$CACHE/jaeger-src"
  dir="$(cd "$CACHE" && go mod download -json "github.com/jaegertracing/jaeger@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { log "go mod download did not produce github.com/jaegertracing/jaeger@$VERSION"; exit 1; }
  rm -rf "$src"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  log "building Jaeger $VERSION into $BIN"
  (cd "$src" && nice -n 10 go build -trimpath -o "$BIN.tmp" ./cmd/jaeger >&2)
  mv "$BIN.tmp" "$BIN"
  echo "$BIN"
}

case "${1:-build}" in
  build) build ;;
  path) [ -x "$BIN" ] && echo "$BIN" ;;
  *) log "usage: $0 build|path"; exit 2 ;;
esac
