#!/usr/bin/env bash
# Builds local STAND-INS for the three base images Parley's compose file and Dockerfile name, for a
# Docker engine that cannot reach a registry (as on Parley's CI machines):
#   node:20-bookworm-slim   minimal Debian bookworm + this machine's Node 20 and npm      (node.Dockerfile)
#   rabbitmq:4-management   Debian's RabbitMQ 3.10 with the management plugin            (rabbitmq.Dockerfile)
#   mongo:8                 FerretDB 1.24 on SQLite + a minimal mongosh for healthchecks  (mongo.Dockerfile)
#   prom/prometheus         Debian's Prometheus 2.42 with its classic web UI              (prometheus.Dockerfile)
# (the names as the Dockerfile and docker-compose.yml give them; Grafana has no stand-in: it is not
# in Debian, and the Go module proxy here refuses it)
# They carry the official names so that the compose file and Dockerfile stay as users run them;
# each is labelled parley.standin. An official image, present or pulled, is used as it is and never
# replaced. The Debian base comes from debootstrap, cached as a tarball.
#   tests/compose/standins/build.sh        pulls or builds what is missing, rebuilds stand-ins whose recipe changed
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

prometheus_context() { mktemp -d; }

build_base
# The names the Dockerfile and the compose file give the images, so the stand-ins follow any change.
from_compose() { sed -n "s|^ *image: \($1:[^ ]*\)\$|\1|p" "$root/docker-compose.yml" | head -n 1; }
node_image=$(sed -n 's|^FROM \(node:[^ ]*\) AS base$|\1|p' "$root/Dockerfile")
for spec in "$node_image=node" "$(from_compose rabbitmq)=rabbitmq" "$(from_compose mongo)=mongo" \
  "$(from_compose prom/prometheus)=prometheus"; do
  image=${spec%%=*} name=${spec#*=}
  [ -n "$image" ] || { log "no image name found for the $name stand-in in the Dockerfile or docker-compose.yml"; exit 1; }
  case $name in
    node) recipe=$(hash node.Dockerfile)-$(node --version) ;;
    rabbitmq) recipe=$(hash rabbitmq.Dockerfile rabbitmq-entrypoint.sh) ;;
    mongo) recipe=$(hash mongo.Dockerfile mongosh.mjs)-$(node --version) ;;
    prometheus) recipe=$(hash prometheus.Dockerfile) ;;
  esac
  recipe="$base_recipe-$recipe"
  if [ "$(label "$image" parley.standin)" = "$recipe" ]; then continue; fi
  if docker image inspect "$image" >/dev/null 2>&1 && [ -z "$(label "$image" parley.standin)" ]; then
    continue # the real image, present: used as it is
  fi
  if timeout 30 docker pull -q "$image" >/dev/null 2>&1; then log "pulled $image"; continue; fi
  context=$("${name}_context")
  build "$image" "$name.Dockerfile" "$context" "$recipe"
  rm -rf "$context"
done
# Replaced stand-ins would stay behind as untagged images.
docker image prune -f --filter label=parley.standin >/dev/null
log "base images ready: $node_image $(from_compose rabbitmq) $(from_compose mongo) $(from_compose prom/prometheus)"
