#!/usr/bin/env bash
# Starts all four services against the local infrastructure (scripts/infra.sh up), with Nx.
# Variables already set win; the JWT secret is made once per checkout and kept in .infra/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .infra
[ -f .infra/dev-jwt-secret ] || od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > .infra/dev-jwt-secret
export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:27017/parley}"
export JWT_SECRET="${JWT_SECRET:-$(cat .infra/dev-jwt-secret)}"
npm run build --silent
exec npx nx run-many -t start --projects="@parley/gateway,@parley/users,@parley/store,@parley/history" --parallel=4 --excludeTaskDependencies --output-style=stream
