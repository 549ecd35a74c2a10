#!/usr/bin/env bash
# Seed 100,000 demo claims into a fresh temporary database and time the busiest pages (scripts/benchmark.py).
# SQLite by default. With DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres it creates a fresh
# database on that server and drops it afterwards. Options: --claims N, --requests N.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh requirements.txt
exec python scripts/benchmark.py "$@"
