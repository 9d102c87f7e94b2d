#!/usr/bin/env bash
# The test runner's Testcontainers path, on a real Docker engine (tests/compose/engine.sh), with no
# RABBITMQ_URL or MONGO_URL set, as `npm test` runs on a machine with Docker:
#   1. a start that fails (an image that cannot be had) ends the run with one message naming both
#      ways to get RabbitMQ and MongoDB, and leaves no container or network behind;
#   2. a suite (services/store by default) runs against the containers Testcontainers starts, and
#      nothing is left once it ends.
# Ends with "N passed, N failed": the suite's counts, and the failed start as one more.
#   bash tests/compose/testcontainers.sh [folder …]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash tests/compose/engine.sh
unset RABBITMQ_URL RABBITMQ_MANAGEMENT_URL MONGO_URL

leftovers() {
  { docker ps -aq --filter label=parley.test-run.pid; docker network ls -q --filter label=parley.test-run.pid; } | wc -l
}
checks_passed=0 checks_failed=0
check() {
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); fi
}

failed_start() {
  local out rc=0
  out=$(PARLEY_TEST_MONGO_IMAGE=parley-missing/mongo:0 node scripts/run-tests.mjs services/store 2>&1) || rc=$?
  if [ $rc = 2 ] && grep -q 'Testcontainers could not start' <<<"$out" && grep -q 'scripts/infra.sh up' <<<"$out" \
    && [ "$(leftovers)" = 0 ]; then
    echo "[testcontainers] a failed start: one message naming both ways, nothing left behind"
    return 0
  fi
  echo "[testcontainers] FAILED: a failed start (exit $rc, $(leftovers) containers or networks left):" >&2
  echo "$out" | tail -n 20 >&2
  return 1
}
check failed_start

out=$(mktemp)
rc=0
node scripts/run-tests.mjs "${@:-services/store}" 2>&1 | tee "$out" || rc=$?
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
rm -f "$out"
[ "$(leftovers)" = 0 ] || { echo "[testcontainers] FAILED: $(leftovers) containers or networks left after the suite" >&2; rc=1; checks_failed=$((checks_failed + 1)); }
passed=${summary%% passed*} failed=${summary#*passed, }
failed=${failed%% failed}
[ -n "$summary" ] || { passed=0 failed=1; }
echo "$((passed + checks_passed)) passed, $((failed + checks_failed)) failed"
[ $rc = 0 ] && [ $checks_failed = 0 ]
