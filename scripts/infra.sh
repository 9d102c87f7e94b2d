#!/usr/bin/env bash
# Local infrastructure without Docker: RabbitMQ (with its admin UI) and a MongoDB-compatible server
# on 127.0.0.1:27017. Reuses whatever already runs; uses mongod where one is installed, otherwise
# FerretDB 1.24 with its SQLite backend (built once from the Go module proxy and cached).
#   scripts/infra.sh up | down | status | install | ferretdb-bin | stop-db | start-db | restart-db
# up and status check that the database takes a write, not only that something listens.
set -euo pipefail

FERRETDB_VERSION=v1.24.2
CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"
STATE="${PARLEY_STATE:-$(cd "$(dirname "$0")/.." && pwd)/.infra}"
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION-id-index"
MONGO_PORT=${PARLEY_MONGO_PORT:-27017}
AMQP_PORT=5672

log() { printf '[infra] %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port=$1 what=$2 tries=${3:-60}
  for _ in $(seq "$tries"); do listening "$port" && return 0; sleep 1; done
  log "$what did not start listening on 127.0.0.1:$port"; return 1
}

install_ferretdb() {
  [ -x "$FERRETDB_BIN" ] && return 0
  command -v go >/dev/null || { log "Go is needed to build FerretDB (apt-get install golang-go, or see go.dev)"; return 1; }
  log "building FerretDB $FERRETDB_VERSION (once; cached in $CACHE)"
  mkdir -p "$CACHE"
  local src dir
  dir=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { log "could not download the FerretDB module"; return 1; }
  src=$(mktemp -d)
  cp -r "$dir/." "$src" && chmod -R u+w "$src"
  # `go install` leaves version.txt empty and the binary panics at start; the module's own
  # build writes it with `git describe`, which a module download cannot run.
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  patch_sqlite_id_lookups "$src"
  (cd "$src" && go build -trimpath -o "$FERRETDB_BIN" ./cmd/ferretdb)
  rm -rf "$src"
}

# FerretDB 1.24's SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but looks it up with
# `_ferretdb_sjson->'$._id'`, an expression SQLite does not match to that index: every find,
# update and delete by `_id` scans the whole table (EXPLAIN QUERY PLAN says SCAN). Spelling the
# lookup like the index makes them index searches, as on MongoDB; results are the same.
patch_sqlite_id_lookups() {
  local file="$1/internal/backends/sqlite/metadata/metadata.go"
  grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$file" || { log "FerretDB source changed: $file"; return 1; }
  sed -i "s/IDColumn = DefaultColumn + \"->'\$._id'\"/IDColumn = DefaultColumn + \"->'_id'\"/" "$file"
  grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$file"
}

rabbitmq_up() {
  if ! listening $AMQP_PORT; then
    if ! command -v rabbitmq-server >/dev/null; then
      log "installing RabbitMQ from Debian's packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
    fi
    log "starting RabbitMQ"
    rabbitmq-server -detached
  fi
  wait_port $AMQP_PORT RabbitMQ 90
  rabbitmqctl await_startup >/dev/null 2>&1 || true
  if ! listening 15672; then
    rabbitmq-plugins enable rabbitmq_management >/dev/null && wait_port 15672 "RabbitMQ management" 60
  fi
}

mongo_up() {
  if listening $MONGO_PORT; then log "a MongoDB-compatible server already listens on $MONGO_PORT"; return 0; fi
  mkdir -p "$STATE"
  if command -v mongod >/dev/null; then
    mkdir -p "$STATE/mongod"
    log "starting mongod"
    mongod --bind_ip 127.0.0.1 --port $MONGO_PORT --dbpath "$STATE/mongod" --fork --logpath "$STATE/mongod.log" >/dev/null
  else
    install_ferretdb
    mkdir -p "$STATE/ferretdb"
    log "starting FerretDB $FERRETDB_VERSION (SQLite backend, data in $STATE/ferretdb)"
    nohup "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$STATE/ferretdb/" --state-dir="$STATE" \
      --listen-addr=127.0.0.1:$MONGO_PORT --debug-addr=- --telemetry=disable --log-level=warn \
      >"$STATE/ferretdb.log" 2>&1 &
    echo $! >"$STATE/ferretdb.pid"
  fi
  wait_port $MONGO_PORT "MongoDB-compatible server" 30
}

# A server that listens may still fail every write: a FerretDB whose data folder was deleted (it
# was started from a checkout since removed) answers "unable to open database file" to each new
# database. Writes to a throwaway database and drops it; says what failed. Needs the MongoDB driver
# from node_modules (npm ci), and skips the check without it.
db_check() {
  local root
  root=$(cd "$(dirname "$0")/.." && pwd)
  [ -f "$root/node_modules/mongodb/package.json" ] || { log "no MongoDB driver in node_modules yet (npm ci): not checking that the database works"; return 0; }
  (cd "$root" && PORT=$MONGO_PORT node -e '
    const { MongoClient } = require("mongodb");
    const client = new MongoClient(`mongodb://127.0.0.1:${process.env.PORT}`, { serverSelectionTimeoutMS: 5000 });
    (async () => {
      const db = client.db("parley_infra_check");
      await db.collection("check").insertOne({ at: new Date() });
      await db.dropDatabase();
    })().then(
      () => client.close().then(() => process.exit(0)),
      (error) => { console.error(error.message); client.close().finally(() => process.exit(1)); },
    );' 2>&1)
}

# The pid of the FerretDB listening on $MONGO_PORT (not on a port that merely starts with it), if any.
ferretdb_on_port() {
  pgrep -f "ferretdb-$FERRETDB_VERSION.*--listen-addr=127\.0\.0\.1:$MONGO_PORT( |\$)" | head -n 1 || true
}

# What to do about a database that listens but does not work.
db_broken() {
  local error=$1 pid dir
  log "the MongoDB-compatible server on 127.0.0.1:$MONGO_PORT listens but does not work: $error"
  pid=$(ferretdb_on_port)
  if [ -n "$pid" ]; then
    dir=$(tr '\0' '\n' < "/proc/$pid/cmdline" | sed -n 's/^--sqlite-url=file:\(.*\)$/\1/p')
    [ -n "$dir" ] && [ ! -d "$dir" ] && log "it is FerretDB (pid $pid), whose data folder $dir no longer exists"
    log "stop it (kill $pid) and run scripts/infra.sh up again to start one with data here"
  else
    log "stop whatever listens on $MONGO_PORT, or repair it, and run scripts/infra.sh up again"
  fi
}

# For the fault suite: stops the FerretDB on $MONGO_PORT, whichever checkout started it, keeping its
# command line so that start-db starts it again the very same way (so with the same data).
stop_db() {
  local pid
  pid=$(cat "$STATE/ferretdb.pid" 2>/dev/null || true)
  # Only the one on this port: another checkout's FerretDB may run beside it on another port.
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then pid=$(ferretdb_on_port); fi
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || { log "no FerretDB process found to stop"; return 1; }
  mkdir -p "$STATE"
  cp "/proc/$pid/cmdline" "$STATE/ferretdb.cmdline"
  kill "$pid"
  # Both processes must never hold the SQLite files at once: wait for the old one to be gone.
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

start_db() {
  # A second FerretDB on the same SQLite files would fail to listen, after opening them, and
  # leave its dead pid in the pid file: start none while one runs.
  if listening $MONGO_PORT; then log "a MongoDB-compatible server already listens on $MONGO_PORT"; return 0; fi
  [ -r "$STATE/ferretdb.cmdline" ] || { log "no FerretDB stopped by stop-db to start again"; return 1; }
  local command
  mapfile -d '' command < "$STATE/ferretdb.cmdline"
  nohup "${command[@]}" >>"$STATE/ferretdb.log" 2>&1 &
  echo $! >"$STATE/ferretdb.pid"
  wait_port $MONGO_PORT "MongoDB-compatible server" 30
}

case "${1:-}" in
  install) install_ferretdb ;;
  ferretdb-bin) echo "$FERRETDB_BIN" ;;
  up)
    rabbitmq_up
    mongo_up
    if ! error=$(db_check); then db_broken "$error"; exit 1; fi
    log "RabbitMQ amqp://127.0.0.1:$AMQP_PORT (admin UI http://127.0.0.1:15672), MongoDB mongodb://127.0.0.1:$MONGO_PORT"
    ;;
  stop-db) stop_db ;;
  start-db) start_db ;;
  restart-db) stop_db && start_db ;;
  down)
    if [ -f "$STATE/ferretdb.pid" ]; then kill "$(cat "$STATE/ferretdb.pid")" 2>/dev/null || true; rm -f "$STATE/ferretdb.pid"; fi
    if [ -d "$STATE/mongod" ] && command -v mongod >/dev/null; then mongod --dbpath "$STATE/mongod" --shutdown >/dev/null 2>&1 || true; fi
    log "stopped the database this script started (RabbitMQ is left running: it is the machine's)"
    ;;
  status)
    listening $AMQP_PORT && echo "rabbitmq: up (5672)" || echo "rabbitmq: down"
    listening 15672 && echo "rabbitmq admin: up (15672)" || echo "rabbitmq admin: down"
    if ! listening $MONGO_PORT; then echo "mongodb: down"
    elif error=$(db_check); then echo "mongodb: up ($MONGO_PORT)"
    else echo "mongodb: listening on $MONGO_PORT but not working"; db_broken "$error"; exit 1
    fi
    ;;
  *) echo "usage: $0 up|down|status|install|ferretdb-bin|stop-db|start-db|restart-db" >&2; exit 2 ;;
esac
