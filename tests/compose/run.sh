#!/usr/bin/env bash
# The compose check: Parley as users run it, on a real Docker engine, with the README's commands
#   scripts/env-init.sh && docker compose up -d --build && docker compose run --rm --no-deps tui
# in a copy of this checkout. It waits until every service is healthy, checks what the runtime
# images hold, has two users chat through the published gateway (friends, messages, delivered and
# read), drives the terminal client through `docker compose run` in tmux, then checks the chat is
# all there after `docker compose stop`/`start` and after `down`/`up`.
# tests/compose/engine.sh first makes sure an engine, the compose plugin and the base images are
# there. Needs node_modules and a build of tests/e2e (npm ci && npm run build), and tmux.
# With --screenshot FILE it also has two users chat for a few minutes and takes a screenshot of the
# dashboard (Grafana's, or Prometheus's graph page with the dashboard's queries where Grafana's image
# cannot be had) with headless Chromium.
#   bash tests/compose/run.sh [--screenshot FILE.png]
set -euo pipefail
screenshot_file=""
if [ "${1:-}" = "--screenshot" ]; then screenshot_file=$(realpath -m "${2:?--screenshot needs a file}"); fi
root=$(cd "$(dirname "$0")/../.." && pwd)
export COMPOSE_PROJECT_NAME=parley-check
started=$(date +%s)

phase() { printf '[compose-check] %4ss  %s\n' $(($(date +%s) - started)) "$*"; }
fail() { phase "FAILED: $*"; exit 1; }

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Waits until every service of the stack is running, and healthy where it has a healthcheck.
healthy() {
  local what=$1 deadline=$(($(date +%s) + 300)) states
  while :; do
    states=$(docker compose ps --all --format '{{.Service}}={{.State}}/{{.Health}}')
    if [ "$(wc -l <<<"$states")" = "$expected" ] && ! grep -v -q -E '=running/(healthy)?$' <<<"$states"; then
      phase "$what: all $expected running and healthy"
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      docker compose logs --tail 30 >&2 || true
      fail "$what: not every service became healthy within 300 s: $(tr '\n' ' ' <<<"$states")"
    fi
    sleep 2
  done
}

# The runtime images hold what the service runs and nothing else (the Dockerfile's prod-deps stage).
runtime_images() {
  local service image
  for service in "$@"; do
    image="$COMPOSE_PROJECT_NAME-$service"
    docker run --rm --network none --entrypoint node "$image" -e '
      const packages = require("/app/node_modules/.package-lock.json").packages;
      const installed = Object.keys(packages).filter((key) => !packages[key].link);
      const forbidden = ["testcontainers", "typescript", "@parley/testing"];
      if (!["users", "store", "history"].includes(process.argv[1])) forbidden.push("mongoose");
      const found = installed.filter((key) => forbidden.some((name) => key.endsWith(`node_modules/${name}`)));
      if (found.length) { console.error(`${process.argv[1]}: holds ${found.join(", ")}`); process.exit(1); }
      console.log(`${process.argv[1]}: ${installed.length} packages`);
    ' "$service" || fail "the $service image holds packages it does not run"
    printf '[compose-check]        %s image: %s\n' "$service" "$(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
  done
}

bash "$root/tests/compose/engine.sh"
phase "engine $(docker version -f '{{.Server.Version}}'), compose $(docker compose version --short)"

work=$(mktemp -d /tmp/parley-compose-check-XXXXXX)
state="$work/.chat-state.json"
cleanup() {
  (cd "$work" && docker compose --profile tui --profile observability down -v --remove-orphans >/dev/null 2>&1) || true
  rm -rf "$work"
}
trap cleanup EXIT
# A copy of the checkout as git sees it (tracked and new files, nothing ignored), so that the
# check writes its .env and volumes apart from a person's own.
(cd "$root" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -C "$work" -xf -
cd "$work"
docker compose --profile tui --profile observability down -v --remove-orphans >/dev/null 2>&1 || true

# Published ports that are free here (the machine may run RabbitMQ and a gateway of its own).
GATEWAY_PORT=$(free_port) RABBITMQ_AMQP_PORT=$(free_port) RABBITMQ_ADMIN_PORT=$(free_port)
PROMETHEUS_PORT=$(free_port) GRAFANA_PORT=$(free_port)
export GATEWAY_PORT RABBITMQ_AMQP_PORT RABBITMQ_ADMIN_PORT PROMETHEUS_PORT GRAFANA_PORT
gateway="http://127.0.0.1:$GATEWAY_PORT"
prometheus="http://127.0.0.1:$PROMETHEUS_PORT"
dashboard=deploy/grafana/dashboards/parley.json
# Without a default bridge, a build's RUN steps have no network unless given the host's.
if ! docker network inspect bridge >/dev/null 2>&1; then
  export COMPOSE_FILE="docker-compose.yml:tests/compose/standins/build-on-host-network.yml"
  phase "no default bridge: images build on the host network"
fi
chat() { node "$root/tests/e2e/dist/src/compose-chat.js" "$@"; }
dashboard() { node "$root/tests/e2e/dist/src/compose-dashboard.js" "$@"; }
# Grafana's image, where it can be had; it has no stand-in (not in Debian, and the Go module proxy
# here refuses it), so without it the profile runs Prometheus alone and the dashboard's queries are
# checked against it.
grafana_image=$(sed -n 's|^ *image: \(grafana/grafana:[^ ]*\)$|\1|p' docker-compose.yml)
if docker image inspect "$grafana_image" >/dev/null 2>&1 || timeout 30 docker pull -q "$grafana_image" >/dev/null 2>&1; then
  observability=(prometheus grafana)
else
  observability=(prometheus)
  phase "$grafana_image cannot be had here: the observability profile runs Prometheus alone"
fi
# screenshot <url> <file> <page height>: the whole page, three quarters scale, white margins cut.
screenshot() {
  local url=$1 file=$2 height=$3 profile
  command -v chromium >/dev/null && command -v convert >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium imagemagick >/dev/null; }
  profile=$(mktemp -d)
  # A window taller than the page, so that nothing scrolls (the graph page focuses its last field).
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --force-device-scale-factor=0.75 --window-size="1400,$height" --virtual-time-budget=20000 \
    --screenshot="$file" "$url" >/dev/null 2>&1
  rm -rf "$profile"
  [ -s "$file" ] || fail "no screenshot of $url"
  convert "$file" -trim +repage "$file"
  phase "screenshot: $file ($(identify -format '%wx%h' "$file"))"
}

phase "scripts/env-init.sh"
scripts/env-init.sh
phase "docker compose up -d --build"
docker compose up -d --build >"$work/up.log" 2>&1 || { tail -40 "$work/up.log" >&2; fail "docker compose up -d --build"; }
expected=6
healthy "up"
runtime_images gateway users store history
phase "docker compose --profile observability up -d ${observability[*]}"
docker compose --profile observability up -d "${observability[@]}" >"$work/up.log" 2>&1 \
  || { tail -40 "$work/up.log" >&2; fail "docker compose --profile observability up -d"; }
expected=$((6 + ${#observability[@]}))
healthy "observability"

chat chat "$gateway" "$state"
# The first `run` builds the client's image (the tui profile keeps `up` from building it).
chat tui "$gateway" "$state" "cd $work && docker compose run --rm --no-deps tui"
runtime_images tui
chat verify "$gateway" "$state"

phase "the dashboard's queries, once Prometheus has scraped the chat"
sleep 25
dashboard check "$prometheus" "$dashboard"
if [ -n "$screenshot_file" ]; then
  chat talk "$gateway" 150
  if [ ${#observability[@]} = 2 ]; then
    screenshot "http://127.0.0.1:$GRAFANA_PORT/d/$(node -p "require('./$dashboard').uid")?orgId=1&from=now-10m&to=now&kiosk" \
      "$screenshot_file" 2400
  else
    screenshot "$(dashboard graph-url "$prometheus" "$dashboard")" "$screenshot_file" 8000
  fi
fi
# The rest is about the chat surviving restarts: the six services alone, as `up` starts them.
docker compose --profile observability rm -s -f "${observability[@]}" >/dev/null 2>&1
expected=6

phase "docker compose stop, start"
docker compose stop >/dev/null 2>&1
docker compose start >/dev/null 2>&1
healthy "stop/start"
chat verify "$gateway" "$state"

phase "docker compose down, up -d"
docker compose down >/dev/null 2>&1
docker compose up -d >/dev/null 2>&1
healthy "down/up"
chat verify "$gateway" "$state"

phase "passed"
