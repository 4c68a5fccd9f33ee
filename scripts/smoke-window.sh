#!/usr/bin/env bash
# Real-window smoke test: builds the desktop app and the CLI, starts the app under Xvfb through
# tauri-driver (WebDriver), creates an activity through the UI, screenshots the window, then reads the
# activity back with the CLI and verifies the audit trail.
#
#   scripts/smoke-window.sh            exit 0 and a last line "N passed, 0 failed" when all is well
#   SMOKE_KEEP=1 scripts/smoke-window.sh   keep the temporary directory (database, logs, screenshots)
#   SMOKE_CARGO_FLAGS="..." scripts/smoke-window.sh   extra flags for the cargo build
#
# Everything runs in a temporary directory: the database, HOME and the XDG folders (so the window-state
# plugin and WebKit never touch the real user folders), and no D-Bus session bus (so a DPO Cockpit
# already running on this machine cannot take over the launch through the single-instance plugin).
# The screenshot of the last run is copied to $CARGO_TARGET_DIR/smoke-window.png.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

t0=$(date +%s)
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
note() { echo "# $*"; }

# --- tools -------------------------------------------------------------------------------------------
for tool in Xvfb import node; do
  command -v "$tool" >/dev/null || { echo "smoke-window: $tool is missing (run scripts/install-deps.sh --test)" >&2; exit 1; }
done
native_driver=$(command -v WebKitWebDriver || true)
[ -n "$native_driver" ] || { echo "smoke-window: WebKitWebDriver is missing (apt-get install webkit2gtk-driver)" >&2; exit 1; }

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
driver=$(command -v tauri-driver || true)
if [ -z "$driver" ] && [ -x "$cargo_bin/tauri-driver" ]; then driver="$cargo_bin/tauri-driver"; fi
if [ -z "$driver" ]; then
  note "installing tauri-driver (about 70 s)"
  cargo install tauri-driver --locked --version '^2.0'
  driver="$cargo_bin/tauri-driver"
fi

# --- build -------------------------------------------------------------------------------------------
if [ ! -f ui/dist/index.html ]; then
  note "ui/dist is missing: building the UI"
  [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  (cd ui && npm run build --silent)
fi
# SMOKE_CARGO_FLAGS: extra flags for this build, e.g. "--features tauri/custom-protocol".
note "cargo build -p cockpit-desktop -p cockpit-cli ${SMOKE_CARGO_FLAGS:-}"
# In the background and waited for, so that an interrupt also ends the build (it may be waiting for
# another build's lock on the target directory).
# shellcheck disable=SC2086 # word splitting of the extra flags is intended
cargo build --quiet -p cockpit-desktop -p cockpit-cli ${SMOKE_CARGO_FLAGS:-} &
build_pid=$!
trap 'kill -TERM "$build_pid" 2>/dev/null; exit 130' INT TERM
wait "$build_pid"
trap - INT TERM
app="$CARGO_TARGET_DIR/debug/dpo-cockpit"
cli="$CARGO_TARGET_DIR/debug/cockpit"
[ -x "$app" ] && [ -x "$cli" ] || { echo "smoke-window: $app or $cli was not built" >&2; exit 1; }
case "$app" in /*) ;; *) app="$root/$app"; cli="$root/$cli" ;; esac
t_built=$(date +%s)

# --- sandbox and clean-up ----------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dpo-smoke.XXXXXX")
xvfb_pid=""
driver_pid=""
client_pid=""
db="$tmp/cockpit.db"
# The app processes of this run: the built binary with this run's COCKPIT_DB in its environment.
app_pids() {
  local p
  for p in $(pgrep -f "$app" 2>/dev/null); do
    tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qxF "COCKPIT_DB=$db" && echo "$p"
  done
  return 0
}
# Whether a process group still has a live (not zombie) member.
group_alive() { ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }
cleanup() {
  local rc=$?
  set +e
  if [ -n "$client_pid" ]; then
    kill -TERM "$client_pid" 2>/dev/null # timeout passes it on to node
    wait "$client_pid" 2>/dev/null
  fi
  if [ -n "$driver_pid" ]; then
    # tauri-driver runs in its own process group with WebKitWebDriver and the app: end the group.
    kill -TERM -- "-$driver_pid" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do group_alive "$driver_pid" || break; sleep 0.3; done
    kill -KILL -- "-$driver_pid" 2>/dev/null
    wait "$driver_pid" 2>/dev/null
    # Should the app have left the process group, end it by its id.
    for p in $(app_pids); do kill -KILL "$p" 2>/dev/null; done
  fi
  if [ -n "$xvfb_pid" ]; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    not_ok "the smoke test stopped early (exit $rc)"
  fi
  if [ "$failed" -ne 0 ] || [ "${SMOKE_KEEP:-0}" = "1" ]; then
    note "kept $tmp (database, logs, screenshots)"
  else
    rm -rf "$tmp"
  fi
  note "build $((t_built - t0)) s, test $(($(date +%s) - t_built)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || [ "$rc" -ne 0 ] || rc=1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run" "$tmp/out"
chmod 700 "$tmp/run"

# --- database with the demo register ------------------------------------------------------------------
# Encrypted, as a user's would be: the CLI creates it with this passphrase. The app does not get it (no
# COCKPIT_PASSPHRASE in its environment, no keyring without a D-Bus session), so the WebDriver client
# types it into the unlock screen, after a wrong one.
export COCKPIT_PASSPHRASE="smoke test passphrase"
if "$cli" --db "$db" init --demo >"$tmp/init.log" 2>&1; then
  ok "cockpit init --demo ($(tr -d '\n' <"$tmp/init.log"))"
else
  not_ok "cockpit init --demo"; cat "$tmp/init.log"; exit 1
fi
# The register before the run: how many activities, and the id the next one gets.
read -r expect_count expect_id < <("$cli" --db "$db" activity list --json | node -e '
  const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const max = Math.max(0, ...list.map((a) => Number(String(a.id).replace(/\D/g, ""))));
  console.log(list.length, "PA-" + String(max + 1).padStart(4, "0"));')
note "demo register: $expect_count activities, the new one should be $expect_id"

# --- Xvfb (it picks a free display itself and writes its number to fd 3) -------------------------------
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "smoke-window: Xvfb did not start:" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
display=":$(tr -d '[:space:]' <"$tmp/display")"

# --- tauri-driver on a free port pair -------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=4444
while port_in_use "$port" || port_in_use "$((port + 1))"; do
  port=$((port + 2))
  [ "$port" -lt 4600 ] || { echo "smoke-window: no free port pair in 4444..4600" >&2; exit 1; }
done
note "display $display, tauri-driver on port $port"

# The app inherits this environment through tauri-driver and WebKitWebDriver.
(
  unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY COCKPIT_PASSPHRASE
  export DISPLAY="$display" COCKPIT_DB="$db" LANG=C.UTF-8 \
    HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    XDG_RUNTIME_DIR="$tmp/run" NO_AT_BRIDGE=1 GDK_BACKEND=x11 NO_COLOR=1
  unset COCKPIT_NO_DEMO
  exec setsid "$driver" --port "$port" --native-port "$((port + 1))" --native-driver "$native_driver"
) >"$tmp/tauri-driver.log" 2>&1 &
driver_pid=$!
sleep 1
ready=0
for _ in $(seq 1 150); do
  if curl -sf "http://127.0.0.1:$port/status" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$driver_pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$ready" -ne 1 ]; then
  not_ok "tauri-driver answers on port $port"; cat "$tmp/tauri-driver.log"; exit 1
fi
ok "tauri-driver answers on port $port"

# --- sockets: the app may open no network connection -------------------------------------------------
# While the session runs, every 0.2 s: the inet sockets (TCP and UDP, IPv4 and IPv6) held by the app's
# processes (the app and its WebKit children), found by matching their socket inodes in /proc/net. Only
# loopback is allowed (the WebDriver automation link is one); a wildcard bind or a remote peer fails.
proc_tree() { local p; for p in "$@"; do echo "$p"; proc_tree $(pgrep -P "$p" 2>/dev/null); done; }
watch_sockets() {
  local inodes proto
  # In its own background subshell: an empty match (no app yet) must not end the watch.
  set +e +o pipefail
  while [ -f "$tmp/watching" ]; do
    inodes=$(for p in $(proc_tree $(app_pids)); do ls -l "/proc/$p/fd" 2>/dev/null; done |
      grep -o 'socket:\[[0-9]*\]' | tr -dc '0-9\n' | sort -u)
    if [ -n "$inodes" ]; then
      echo "$inodes" >>"$tmp/socket-inodes.log"
      for proto in tcp tcp6 udp udp6; do
        awk -v p="$proto" 'NR > 1 { print p, $2, $3, $10 }' "/proc/net/$proto" 2>/dev/null
      done | awk 'NR == FNR { want[$1] = 1; next } ($4 in want) { print $1, $2, $3 }' <(echo "$inodes") - \
        >>"$tmp/sockets.log"
    fi
    sleep 0.2
  done
}
# "proto local remote" lines (hex, as /proc/net gives them) of sockets not confined to loopback.
non_loopback() {
  awk '
    function loop(a,  h) { h = substr(a, 1, index(a, ":") - 1)
      if (length(h) == 8) return substr(h, 7, 2) == "7F"
      return h == "00000000000000000000000001000000" || (substr(h, 1, 24) == "0000000000000000FFFF0000" && substr(h, 31, 2) == "7F") }
    function zero(a,  h) { h = substr(a, 1, index(a, ":") - 1); gsub("0", "", h); return h == "" }
    !loop($2) || (!zero($3) && !loop($3)) { print }' "$1" | sort -u
}
touch "$tmp/watching" "$tmp/sockets.log" "$tmp/socket-inodes.log"
watch_sockets &
watch_pid=$!

# --- the UI, through WebDriver ----------------------------------------------------------------------
name="Smoke test activity $(date +%Y%m%d-%H%M%S)-$$"
client_rc=0
# In the background and waited for, so that an interrupt reaches the clean-up at once.
SMOKE_WEBDRIVER="http://127.0.0.1:$port" SMOKE_APP="$app" SMOKE_NAME="$name" SMOKE_EXPECT_ID="$expect_id" \
  SMOKE_PASSPHRASE="$COCKPIT_PASSPHRASE" \
  SMOKE_EXPECT_COUNT="$expect_count" SMOKE_OUT="$tmp/out" DISPLAY="$display" \
  timeout 120 node tests/smoke/smoke.mjs &
client_pid=$!
wait "$client_pid" || client_rc=$?
client_pid=""
if [ -s "$tmp/out/result.json" ]; then
  read -r cp cf < <(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.passed, r.failed)' "$tmp/out/result.json")
  passed=$((passed + cp)); failed=$((failed + cf))
fi
if [ "$client_rc" -ne 0 ] && [ ! -s "$tmp/out/result.json" ]; then
  not_ok "WebDriver client (exit $client_rc$([ "$client_rc" -eq 124 ] && echo ', timed out after 120 s'))"
fi
if [ "$client_rc" -ne 0 ]; then
  echo "# tauri-driver and app log (last 40 lines):"; tail -n 40 "$tmp/tauri-driver.log" | sed 's/^/#   /'
fi
for shot in smoke-screen smoke-webdriver failure-screen failure-webdriver; do
  if [ -s "$tmp/out/$shot.png" ]; then
    cp "$tmp/out/$shot.png" "$CARGO_TARGET_DIR/smoke-window.png"
    note "screenshot: $CARGO_TARGET_DIR/smoke-window.png"
    break
  fi
done

rm -f "$tmp/watching"
wait "$watch_pid" 2>/dev/null || true
seen=$(sort -u "$tmp/sockets.log" | wc -l)
# The watch must have seen the app at all: its X11 and IPC sockets (Unix domain) prove it looked.
all_seen=$(sort -u "$tmp/socket-inodes.log" | wc -l)
if [ "$all_seen" -eq 0 ]; then
  not_ok "the socket watch saw the app's processes (it saw no socket at all)"
elif [ -s "$tmp/sockets.log" ] && [ -n "$(non_loopback "$tmp/sockets.log")" ]; then
  not_ok "the app opened no network connection beyond loopback"
  non_loopback "$tmp/sockets.log" | sed 's/^/#   /'
else
  ok "the app opened no network connection beyond loopback ($all_seen sockets of the app and its WebKit processes seen, $seen of them inet, all on loopback)"
fi

# The app must be gone once the session ended (it holds the database).
for _ in $(seq 1 25); do [ -z "$(app_pids)" ] && break; sleep 0.2; done
if [ -n "$(app_pids)" ]; then
  not_ok "the app quit after the session ended (still running: $(app_pids | tr '\n' ' '))"
else
  ok "the app quit after the session ended"
fi

# The app's log (its stderr reaches tauri-driver's) must hold no error and no panic.
if grep -E ' ERROR |panicked at' "$tmp/tauri-driver.log" >"$tmp/app-errors.log"; then
  not_ok "the app logged no error or panic"; sed 's/^/#   /' "$tmp/app-errors.log"
else
  ok "the app logged no error or panic"
fi

# --- read back with the CLI --------------------------------------------------------------------------
if "$cli" --db "$db" activity list --search "$name" --json >"$tmp/list.json" 2>"$tmp/list.err" &&
  found=$(node -e '
    const [file, name, id] = process.argv.slice(1);
    const list = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const hits = list.filter((a) => a.name === name);
    if (list.length !== 1 || hits.length !== 1) { console.log(`${list.length} found, ${hits.length} named exactly so`); process.exit(1); }
    if (hits[0].id !== id) { console.log(`it is ${hits[0].id}, expected ${id}`); process.exit(1); }
    console.log(hits[0].id);' "$tmp/list.json" "$name" "$expect_id"); then
  ok "cockpit activity list --search finds \"$name\" ($found)"
else
  not_ok "cockpit activity list --search finds \"$name\": ${found:-}$(cat "$tmp/list.err")"
fi
if "$cli" --db "$db" audit verify >"$tmp/verify.log" 2>&1; then
  ok "cockpit audit verify ($(tr -d '\n' <"$tmp/verify.log" | cut -c1-60)...)"
else
  not_ok "cockpit audit verify"; sed 's/^/#   /' "$tmp/verify.log"
fi

# The summary line "N passed, M failed" and the exit status come from the clean-up (trap on EXIT).
