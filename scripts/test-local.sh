#!/usr/bin/env bash
# Runs the whole test suite against the local infrastructure (scripts/infra.sh up), for machines
# without a Docker engine. Extra arguments are folders to limit the run to.
set -euo pipefail
cd "$(dirname "$0")/.."
export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
export RABBITMQ_MANAGEMENT_URL="${RABBITMQ_MANAGEMENT_URL:-http://guest:guest@127.0.0.1:15672}"
export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:27017/parley}"
npm run build --silent
exec node scripts/run-tests.mjs "$@"
