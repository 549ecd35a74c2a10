#!/usr/bin/env bash
# One command: virtualenv, pinned install, migrations, reference and demo data, server on 127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh requirements.txt
mkdir -p instance && chmod 700 instance
if [ -z "${SECRET_KEY:-}" ]; then
  # Local use only: a random key kept in instance/ (never committed). Production sets SECRET_KEY.
  [ -s instance/secret_key ] || python3 -c "import secrets; print(secrets.token_hex(32))" > instance/secret_key
  SECRET_KEY="$(cat instance/secret_key)"
  export SECRET_KEY
fi
flask db upgrade
flask load-register && flask valuation load-precedents
flask seed-demo --if-empty --claims "${DEMO_CLAIMS:-500}"
# The background worker (bulk letters; mail, draft purge and orphan files on a schedule) runs
# beside the server and stops with it. --flush-locks: a lock left by a killed worker goes.
huey_consumer claims.worker.huey --workers 2 --quiet --flush-locks &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
echo "Breach claims is running on http://127.0.0.1:5000 (staff sign-in at /staff/sign-in)."
flask run --host 127.0.0.1 --port 5000
