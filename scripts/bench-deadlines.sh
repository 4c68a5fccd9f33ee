#!/usr/bin/env bash
# Deadline benchmark (requests issue): 1,000,000 computations in process and through `cockpit deadline
# --batch`. Prints a Markdown table (figures go to docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
cargo build --release -q -p cockpit-cli
COCKPIT_BIN="$CARGO_TARGET_DIR/release/cockpit" cargo bench -q -p cockpit-deadline --bench deadlines
