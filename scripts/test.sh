#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs: formatting, clippy, all Rust tests (unit,
# storage, CLI, desktop commands on the mock runtime, the SIGKILL crash test), the UI type-check, unit
# and browser tests, the real-window smoke test under Xvfb (with its socket watch), a short fuzzing
# smoke, and the CLI contract check.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# One cargo target directory outside the clone, so repeated runs (and CI on the same machine) are
# incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
scripts/install-deps.sh --test

step "UI build (the desktop crate embeds ui/dist)"
(cd ui && npm run build --silent)

# Connector tests use the PostgreSQL and MariaDB servers when they answer on their usual ports (CI
# machines run both); elsewhere those tests say SKIPPED and pass.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${COCKPIT_TEST_POSTGRES_URL:-}" ] && port_open 5432; then
  export COCKPIT_TEST_POSTGRES_URL="postgres://$(id -un)@127.0.0.1:5432/test"
fi
if [ -z "${COCKPIT_TEST_MYSQL_URL:-}" ] && port_open 3306; then
  export COCKPIT_TEST_MYSQL_URL="mysql://root@127.0.0.1:3306/test"
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "the cockpit binary (the integration tests and the contract run it; never a stale one)"
cargo build --quiet -p cockpit-cli

step "Rust tests"
cargo test --workspace --quiet 2>&1 | tee "$CARGO_TARGET_DIR/rust-tests.log"

step "UI type-check and unit tests"
(cd ui && npm run typecheck --silent && npm test --silent)

step "UI browser tests (Playwright, Debian chromium, mock backend)"
(cd ui && npm run e2e --silent)

if [ -x scripts/smoke-window.sh ]; then
  step "real window smoke test (tauri-driver, Xvfb)"
  scripts/smoke-window.sh
fi

step "dependency hygiene (cargo deny, npm audit; see deny.toml)"
scripts/deps-audit.sh

step "fuzzing smoke (cargo-fuzz: the import parsers and the deadline parser, 15 s each)"
scripts/fuzz.sh 15

contract="$root/../shared/contract/cli-contract.sh"
if [ -x "$contract" ]; then
  step "CLI contract"
  "$contract" "$CARGO_TARGET_DIR/debug/cockpit"
fi

printf '\nAll checks passed.\n'
