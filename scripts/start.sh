#!/usr/bin/env bash
# Installs what is missing, builds the UI and the desktop app, and starts DPO Cockpit on the embedded
# SQLite database in the OS app-data folder (demo data are loaded on the first run).
#   COCKPIT_DB=/path/to/file.db scripts/start.sh   use another database
#   COCKPIT_NO_DEMO=1 scripts/start.sh             start empty
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
scripts/install-deps.sh
(cd ui && npm run build --silent)
cargo build --release -p cockpit-desktop -p cockpit-cli
app="$CARGO_TARGET_DIR/release/dpo-cockpit"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting under Xvfb (screenshots: DISPLAY=:99 import -window root shot.png)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
fi
exec "$app"
