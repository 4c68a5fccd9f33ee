#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer) on the targets in fuzz/: the register import parsers (CSV, JSON,
# XLSX) and `cockpit deadline`'s parsing of dates, regimes and calendars.
#
#   scripts/fuzz.sh                 the CI smoke: 15 s per target (60 s in all), corpus read-only
#   scripts/fuzz.sh 600             10 minutes per target, new inputs added to fuzz/corpus/<target>
#   scripts/fuzz.sh 600 import_csv  one target
#
# The pinned stable toolchain builds the targets: RUSTC_BOOTSTRAP=1 lets it accept the -Z flags
# cargo-fuzz passes (no nightly toolchain is needed). No sanitizer: the code under test is safe Rust,
# and a panic is what counts as a crash. A crash leaves its input under $CARGO_TARGET_DIR/fuzz-artifacts
# and the script fails; `cargo fuzz run TARGET FILE` (same environment) replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import_csv import_json import_xlsx deadline_query)

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
fuzz_target_dir="$CARGO_TARGET_DIR/../target-fuzz"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version '^0.13'
fi
artifacts="$CARGO_TARGET_DIR/fuzz-artifacts"
mkdir -p "$artifacts"
smoke=0
[ "$secs" -le 60 ] && smoke=1

cargo fuzz build --sanitizer none --target-dir "$fuzz_target_dir"

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  if [ "$smoke" -eq 1 ]; then
    # New inputs go to a scratch folder: CI never writes into the clone.
    scratch=$(mktemp -d)
    dirs=("$scratch" "$corpus")
  else
    scratch=""
    dirs=("$corpus")
  fi
  echo "==> fuzz $t for ${secs}s ($(find "$corpus" -type f | wc -l) corpus files)"
  log="$artifacts/$t.log"
  set +e
  cargo fuzz run --sanitizer none --target-dir "$fuzz_target_dir" "$t" "${dirs[@]}" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=262144 \
    -artifact_prefix="$artifacts/$t-" -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  # (Panics the code under test catches on purpose, such as calamine's on a damaged workbook, are in the
  # log; only one that escapes is a crash.)
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)' "$log" || true
  [ -n "$scratch" ] && rm -rf "$scratch"
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    echo "fuzz: $t crashed (exit $status); the input is in $artifacts, the log in $log" >&2
    exit 1
  fi
done
echo "fuzz: ${#targets[@]} target(s), ${secs}s each, no crash"
