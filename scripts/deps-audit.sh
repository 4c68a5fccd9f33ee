#!/usr/bin/env bash
# Dependency hygiene: cargo-deny (licences, bans, sources; advisories when the RustSec database can be
# fetched) and `npm audit --omit=dev` on the UI's runtime packages (when the registry's audit endpoint
# answers). A check that cannot reach its database says SKIPPED with the reason and does not fail the
# run; any finding fails it. Exceptions are documented in deny.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! cargo deny --version >/dev/null 2>&1; then
  echo "==> installing cargo-deny"
  cargo install cargo-deny --locked --version '^0.20'
fi

echo "==> cargo deny check licenses bans sources"
cargo deny --log-level error check licenses bans sources

echo "==> cargo deny check advisories"
if cargo deny --log-level error check advisories >"$log" 2>&1; then
  echo "advisories ok"
elif grep -qiE 'fetch|network|resolve|connect|could not|failed to open' "$log" && ! grep -q 'error\[vulnerability\]\|error\[unsound\]\|error\[unmaintained\]' "$log"; then
  echo "SKIPPED: the RustSec advisory database cannot be fetched from here ($(grep -m1 -iE 'fetch|network|resolve|connect|could not|failed' "$log" | cut -c1-160))"
else
  cat "$log"
  exit 1
fi

echo "==> npm audit --omit=dev (ui)"
if (cd ui && npm audit --omit=dev --audit-level=high) >"$log" 2>&1; then
  tail -n 1 "$log"
elif grep -qE 'audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|405' "$log"; then
  echo "SKIPPED: the npm registry's audit endpoint does not answer here ($(grep -m1 -E 'npm (warn|error) audit' "$log" | cut -c1-160))"
else
  cat "$log"
  exit 1
fi
