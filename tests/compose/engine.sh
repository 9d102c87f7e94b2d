#!/usr/bin/env bash
# A Docker engine with the compose plugin and Parley's base images, for tests/compose/run.sh and
# tests/compose/testcontainers.sh. Where no engine answers it installs Debian's docker.io and starts
# dockerd; where the compose plugin is missing it builds it from the Go module proxy; where the base
# images cannot be pulled it builds local stand-ins of them (tests/compose/standins/build.sh). The plugin,
# the Debian base and the images stay cached between runs (PARLEY_CACHE, by default
# ~/.cache/parley, and the engine's own images).
#   bash tests/compose/engine.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="${PARLEY_CACHE:-$HOME/.cache/parley}"
COMPOSE_VERSION=v2.29.7
started=$(date +%s)

phase() { printf '[engine] %4ss  %s\n' $(($(date +%s) - started)) "$*"; }
fail() { phase "FAILED: $*"; exit 1; }

engine() {
  docker info >/dev/null 2>&1 && return 0
  if ! command -v dockerd >/dev/null; then
    phase "no Docker engine: installing Debian's docker.io"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  phase "starting dockerd"
  # Leave the machine's firewall alone, and start without a default bridge where none can be made:
  # compose makes networks of its own, and published ports work without one.
  mkdir -p "$cache"
  setsid dockerd --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
    >"$cache/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  fail "dockerd did not answer within 60 s; its log: $cache/dockerd.log"
}

compose_plugin() {
  docker compose version >/dev/null 2>&1 && return 0
  local bin="$cache/docker-compose-$COMPOSE_VERSION"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || fail "the compose plugin is missing, and Go is needed to build it"
    phase "building the compose plugin $COMPOSE_VERSION from the Go module proxy (once; cached in $bin)"
    local gobin
    gobin=$(mktemp -d)
    GOBIN="$gobin" go install -ldflags "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
      "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION"
    mkdir -p "$cache" && mv "$gobin/cmd" "$bin" && rm -rf "$gobin"
  fi
  mkdir -p "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
  cp "$bin" "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose"
}

engine
compose_plugin
# The base images: the official ones where they can be had, stand-ins where not.
bash "$root/tests/compose/standins/build.sh"
