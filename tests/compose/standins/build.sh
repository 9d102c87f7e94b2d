#!/usr/bin/env bash
# Builds local STAND-INS for the three base images Parley's compose file and Dockerfile name, for a
# Docker engine that cannot reach a registry (as on Parley's CI machines):
#   node:20-bookworm-slim   minimal Debian bookworm + this machine's Node 20 and npm      (node.Dockerfile)
#   rabbitmq:4-management   Debian's RabbitMQ 3.10 with the management plugin            (rabbitmq.Dockerfile)
#   mongo:8                 FerretDB 1.24 on SQLite + a minimal mongosh for healthchecks  (mongo.Dockerfile)
# They carry the official names so that the compose file and Dockerfile stay as users run them;
# each is labelled parley.standin, and an image of that name without the label (an official one)
# is never replaced. The Debian base comes from debootstrap, cached as a tarball.
#   tests/compose/standins/build.sh        builds what is missing or whose recipe changed
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache="${PARLEY_CACHE:-$HOME/.cache/parley}/standins"
base=parley-standin/debian:bookworm
mkdir -p "$cache"

log() { printf '[standins] %s\n' "$*" >&2; }
label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# A recipe's hash, the label that tells whether an image is current: its Dockerfile and the files
# of its own, and the base's (which changes with the import options below).
hash() { (cd "$here" && cat "$@") | sha256sum | cut -c1-16; }
BASE_IMPORT=('ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'CMD ["/bin/bash"]')
base_recipe=$(printf '%s\n' "${BASE_IMPORT[@]}" | sha256sum | cut -c1-16)

build_base() {
  [ "$(label "$base" parley.standin)" = "$base_recipe" ] && return 0
  local tarball="$cache/debian-bookworm-minbase.tar" dir
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    dir=$(mktemp -d)
    log "debootstrap of a minimal Debian bookworm (once; cached in $tarball)"
    debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >/dev/null
    tar -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$dir"
  fi
  # An imported image has no environment: give it the PATH that Debian's official images set.
  docker import -c "${BASE_IMPORT[0]}" -c "${BASE_IMPORT[1]}" -c "LABEL parley.standin=$base_recipe" \
    "$tarball" "$base" >/dev/null
}

# build <image> <dockerfile> <context folder> <recipe>
build() {
  local image=$1 dockerfile=$2 context=$3 recipe=$4
  log "building the stand-in $image"
  cp "$here/$dockerfile" "$context/Dockerfile"
  docker build -q --network host --label "parley.standin=$recipe" -t "$image" "$context" 2>&1 >/dev/null \
    | grep -v -E 'DEPRECATED|buildx|docs.docker.com|^ *$' >&2 || true
  docker image inspect "$image" >/dev/null 2>&1 || { log "could not build $image"; return 1; }
}

node_context() {
  local dir node
  dir=$(mktemp -d)
  node=$(readlink -f "$(command -v node)")
  "$node" -e 'process.exit(process.versions.node.split(".")[0] === "20" ? 0 : 1)' \
    || { log "the node stand-in needs Node 20 on this machine, found $("$node" --version)"; return 1; }
  cp "$node" "$dir/node"
  cp -r "$(npm root -g)/npm" "$dir/npm"
  cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$dir/ca-certificates.crt"
  echo "$dir"
}

mongo_context() {
  local dir
  dir=$(mktemp -d)
  bash "$root/scripts/infra.sh" install >&2
  cp "$(bash "$root/scripts/infra.sh" ferretdb-bin)" "$dir/ferretdb"
  cp "$(readlink -f "$(command -v node)")" "$dir/node"
  mkdir "$dir/mongosh"
  cp "$here/mongosh.mjs" "$dir/mongosh/mongosh.mjs"
  # The driver version the services use, from the lockfile.
  local driver
  driver=$(node -p 'require(process.argv[1]).packages["node_modules/mongodb"].version' "$root/package-lock.json")
  (cd "$dir/mongosh" && npm install --silent --no-save --no-package-lock --no-audit --no-fund "mongodb@$driver" >/dev/null)
  echo "$dir"
}

rabbitmq_context() {
  local dir
  dir=$(mktemp -d)
  cp "$here/rabbitmq-entrypoint.sh" "$dir/"
  echo "$dir"
}

build_base
for spec in node:20-bookworm-slim=node rabbitmq:4-management=rabbitmq mongo:8=mongo; do
  image=${spec%%=*} name=${spec#*=}
  case $name in
    node) recipe=$(hash node.Dockerfile)-$(node --version) ;;
    rabbitmq) recipe=$(hash rabbitmq.Dockerfile rabbitmq-entrypoint.sh) ;;
    mongo) recipe=$(hash mongo.Dockerfile mongosh.mjs)-$(node --version) ;;
  esac
  recipe="$base_recipe-$recipe"
  if [ "$(label "$image" parley.standin)" = "$recipe" ]; then continue; fi
  if docker image inspect "$image" >/dev/null 2>&1 && [ -z "$(label "$image" parley.standin)" ]; then
    log "$image is present and is not a stand-in: using it"; continue
  fi
  context=$("${name}_context")
  build "$image" "$name.Dockerfile" "$context" "$recipe"
  rm -rf "$context"
done
# Replaced stand-ins would stay behind as untagged images.
docker image prune -f --filter label=parley.standin >/dev/null
log "stand-ins ready: node:20-bookworm-slim rabbitmq:4-management mongo:8"
