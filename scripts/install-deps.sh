#!/usr/bin/env bash
# Installs whatever is missing for building, running and testing DPO Cockpit on Debian 12 / Ubuntu.
# Idempotent: every step checks first, so a second run costs a few seconds.
#   scripts/install-deps.sh            system packages + UI packages
#   scripts/install-deps.sh --test     also the test-only tools (tauri-driver, cargo-deny, cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: WebKitGTK and friends for the Tauri window, Xvfb and the WebDriver bridge for the
# real-window tests, Debian's chromium for the browser tests, poppler/qpdf/minisign to check generated
# (signed) PDFs, and openssl + certutil (libnss3-tools) to make a test CA and trust it in the test of
# an imported signing certificate.
APT_PKGS=(
  build-essential pkg-config curl ca-certificates
  libwebkit2gtk-4.1-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb xauth imagemagick webkit2gtk-driver chromium
  poppler-utils qpdf minisign openssl libnss3-tools
)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js 20+ and npm are required for the UI.
if ! command -v npm >/dev/null 2>&1; then
  echo "==> installing nodejs and npm"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi

# Rust toolchain: rustup reads rust-toolchain.toml.
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust with rustup (https://rustup.rs), then run this again" >&2
  exit 1
fi

# UI packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want_test" -eq 1 ]; then
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "==> installing tauri-driver (WebDriver bridge for the real-window smoke test)"
    cargo install tauri-driver --locked --version '^2.0'
  fi
  if ! cargo deny --version >/dev/null 2>&1; then
    echo "==> installing cargo-deny (licences, bans, sources, advisories: scripts/deps-audit.sh)"
    cargo install cargo-deny --locked --version '^0.20'
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz (the fuzzing smoke in scripts/fuzz.sh)"
    cargo install cargo-fuzz --locked --version '^0.13'
  fi
fi
