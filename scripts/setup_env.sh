# Sourced by run.sh and test.sh: a virtualenv with the pinned dependencies in .venv.
# Usage: source scripts/setup_env.sh requirements.txt
set -euo pipefail
REQUIREMENTS="${1:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall only when the requirements change (keeps repeated runs fast).
STAMP=".venv/.installed-$(basename "$REQUIREMENTS")-$(cat requirements*.txt | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQUIREMENTS"
  touch "$STAMP"
fi
export PATH="$PWD/.venv/bin:$PATH"
export FLASK_APP=app
