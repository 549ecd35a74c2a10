#!/usr/bin/env bash
# One command: install test dependencies (Debian's chromium for the browser test and LibreOffice
# for the PDF test), run the suite.
# Runs on SQLite by default; set DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test for PostgreSQL
# (the suite creates and drops its own database on that server, one per worker process).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! command -v soffice >/dev/null; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core libreoffice-writer-nogui >/dev/null
  else
    echo "The tests need Debian's chromium and LibreOffice: sudo apt-get install chromium libreoffice-writer-nogui" >&2
    exit 1
  fi
fi
source scripts/setup_env.sh requirements-dev.txt
# Two worker processes (pytest-xdist), one per core, each test file kept whole on one worker.
# TEST_WORKERS=0 (or -n 0 on the command line) runs everything in this one process.
exec python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
