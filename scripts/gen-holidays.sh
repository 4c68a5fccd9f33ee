#!/usr/bin/env bash
# Regenerate the public-holiday data from the pinned Python `holidays` package (see gen-holidays.py).
# Not part of the build or the tests: the generated file is committed. Needs python3-venv and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/dpo-cockpit/holidays-venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "holidays==0.109"
"$VENV/bin/python" scripts/gen-holidays.py "$@" > crates/cockpit-deadline/data/holidays.txt.new
mv crates/cockpit-deadline/data/holidays.txt.new crates/cockpit-deadline/data/holidays.txt
echo "wrote crates/cockpit-deadline/data/holidays.txt ($(wc -l < crates/cockpit-deadline/data/holidays.txt) lines)"
