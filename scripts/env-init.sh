#!/usr/bin/env bash
# Creates .env for docker compose from .env.example, with fresh random secrets. Leaves an
# existing .env alone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then echo ".env exists; left as it is"; exit 0; fi
random() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
sed -e "s/^RABBITMQ_DEFAULT_PASS=$/RABBITMQ_DEFAULT_PASS=$(random 24)/" \
    -e "s/^JWT_SECRET=$/JWT_SECRET=$(random 32)/" .env.example > .env
chmod 600 .env
echo "wrote .env with new secrets"
