#!/usr/bin/env bash
# Desktop benchmark: cold start and memory of the RELEASE app over a 10,000-activity register, side by
# side with a minimal Tauri window (src-tauri/examples/minimal_window.rs) measured in the same run.
#
#   scripts/bench-window.sh                 5 runs of each, alternating app / baseline
#   BENCH_RUNS=9 scripts/bench-window.sh    another number of runs
#   BENCH_KEEP=1 scripts/bench-window.sh    keep the temporary directory (database, logs, screenshots)
#   BENCH_SKIP_BUILD=1 scripts/bench-window.sh   use the binaries and ui/dist already built
#
# What it does:
#   1. builds the UI (npm run build), the release app and CLI, and the release example minimal_window
#      (the example in a cargo invocation of its own: examples turn on tauri's dev-dependency "test"
#      feature, which must not leak into the app being measured);
#   2. in a temporary directory (also HOME and the XDG folders, so WebKit and the window-state plugin
#      never touch the real ones; no D-Bus session bus, so the single-instance plugin cannot hand over
#      to a DPO Cockpit already running), creates a database with 10,000 activities: `cockpit init
#      --demo`, then the demo activities copied under new ids and names up to PA-10000, imported as one
#      JSON register file;
#   3. starts one Xvfb and, for each run (app and baseline alternating), takes t0 (ns), starts the
#      binary with COCKPIT_DB and COCKPIT_READY_FILE, and waits (at most 30 s) for the ready file:
#      the app writes it from the `app_ready` command, which the UI calls once the dashboard has been
#      painted with its data; the baseline when its page has loaded. Cold start = ready - t0. After 2 s
#      of settling, memory = the sum of PSS (/proc/PID/smaps_rollup) over the process and all its
#      descendants (WebKitWebProcess, WebKitNetworkProcess, bwrap, xdg-dbus-proxy ...). Then the
#      process tree is ended (by pid) and waited for.
#   4. prints a markdown table (median/min/max start, median PSS and the ratio, against the targets:
#      app start <= 1000 ms, PSS app/baseline <= 1.5) and writes it, with every run and a PSS
#      breakdown by process, to $CARGO_TARGET_DIR/bench-window.md. Screenshots of the first run of
#      each: $CARGO_TARGET_DIR/bench-window-app.png and bench-window-baseline.png.
#
# "Cold" means a new process on a new display connection, not a cold disk cache: the files are in the
# page cache after the first run. Exit status 0 whatever the figures (this is a measurement, not a
# test); non-zero when something fails (a build, the database, a binary that never becomes ready).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dpo-cockpit/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$(pwd)/$CARGO_TARGET_DIR" ;; esac
runs="${BENCH_RUNS:-5}"
total_activities=10000
start_target_ms=1000
ratio_target=1.5
ready_timeout_s=30
settle_s=2

note() { echo "# $*" >&2; }
die() { echo "bench-window: $*" >&2; exit 1; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number"
for tool in Xvfb import python3 npm cargo setsid; do
  command -v "$tool" >/dev/null || die "$tool is missing (run scripts/install-deps.sh --test)"
done

# --- build -------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  note "npm run build (ui)"
  (cd ui && npm run build --silent) >/dev/null
  note "cargo build --release -p cockpit-desktop -p cockpit-cli"
  cargo build --quiet --release -p cockpit-desktop -p cockpit-cli
  note "cargo build --release -p cockpit-desktop --example minimal_window"
  cargo build --quiet --release -p cockpit-desktop --example minimal_window
fi
app="$CARGO_TARGET_DIR/release/dpo-cockpit"
cli="$CARGO_TARGET_DIR/release/cockpit"
baseline="$CARGO_TARGET_DIR/release/examples/minimal_window"
for b in "$app" "$cli" "$baseline"; do [ -x "$b" ] || die "$b was not built"; done

# --- sandbox and clean-up ----------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dpo-bench.XXXXXX")
xvfb_pid=""
run_pid=""
helper="$tmp/bench.py"
# Ends the process tree of the current run, if any, by pid.
end_run() {
  [ -n "$run_pid" ] || return 0
  python3 "$helper" kill-tree "$run_pid" || true
  wait "$run_pid" 2>/dev/null || true
  run_pid=""
}
cleanup() {
  local rc=$?
  set +e
  end_run
  if [ -n "$xvfb_pid" ]; then
    kill -TERM "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  if [ "$rc" -ne 0 ] || [ "${BENCH_KEEP:-0}" = "1" ]; then
    note "kept $tmp (database, logs, screenshots)"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run" "$tmp/out"
chmod 700 "$tmp/run"

cat >"$helper" <<'PY'
"""Helpers of scripts/bench-window.sh: the register generator, process trees, PSS and the report."""
import copy, json, os, signal, statistics, sys, time


def children_map():
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may itself contain spaces or parentheses.
        fields = stat[stat.rindex(")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(root):
    kids, out, todo = children_map(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cmd_generate(src, dst, total):
    """The exported register with the demo activities copied under new ids up to PA-<total>."""
    with open(src) as f:
        reg = json.load(f)
    demo = reg["activities"]
    used = {a["id"] for a in demo}
    new = []
    for n in range(len(demo) + 1, total + 1):
        a = copy.deepcopy(demo[(n - len(demo) - 1) % len(demo)])
        a["id"] = f"PA-{n:04d}"
        assert a["id"] not in used, a["id"]
        a["name"] = f"{a['name']} (copy {n})"
        new.append(a)
    reg["activities"] = new
    with open(dst, "w") as f:
        json.dump(reg, f)
    print(len(demo), len(new))


def cmd_pss(root, out):
    """Sums PSS over the tree of `root`; writes the per-process figures as JSON to `out`."""
    procs = []
    for pid in tree(root):
        kb = pss_kb(pid)
        if kb is not None:
            procs.append({"pid": pid, "comm": comm(pid), "pss_kb": kb})
    with open(out, "w") as f:
        json.dump(procs, f)
    print(sum(p["pss_kb"] for p in procs), len(procs))


def cmd_kill_tree(root):
    """TERM to the whole tree (collected first, so that no orphan escapes), KILL after 5 s."""
    pids = tree(root)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.time() + 5
        while time.time() < deadline:
            alive = [p for p in pids if os.path.exists(f"/proc/{p}") and not zombie(p)]
            if not alive:
                return
            time.sleep(0.05)
        pids = alive


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
        return stat[stat.rindex(")") + 2] == "Z"
    except OSError:
        return True


def cmd_report(results, outdir, md, meta):
    with open(results) as f:
        rows = [line.split() for line in f if line.strip()]
    runs = {"app": [], "baseline": []}
    for kind, n, ms, pss, procs in rows:
        runs[kind].append({"n": int(n), "ms": float(ms), "pss": int(pss), "procs": int(procs)})
    med = lambda xs: statistics.median(xs)
    a_ms = [r["ms"] for r in runs["app"]]
    b_ms = [r["ms"] for r in runs["baseline"]]
    a_pss = med([r["pss"] for r in runs["app"]])
    b_pss = med([r["pss"] for r in runs["baseline"]])
    ratio = a_pss / b_pss
    start_target = float(os.environ["START_TARGET_MS"])
    ratio_target = float(os.environ["RATIO_TARGET"])
    verdict = lambda ok: "**PASS**" if ok else "**FAIL**"
    mb = lambda kb: f"{kb / 1024:.0f} MB"
    span = lambda xs: f"{med(xs):.0f} ms (min {min(xs):.0f}, max {max(xs):.0f})"
    out = []
    out.append("| measure | value | target | result |")
    out.append("|---|---|---|---|")
    out.append(f"| cold start, DPO Cockpit (10,000 activities): median (min, max) | {span(a_ms)} | ≤ {start_target:.0f} ms | {verdict(med(a_ms) <= start_target)} |")
    out.append(f"| cold start, minimal window: median (min, max) | {span(b_ms)} | (reference) | |")
    out.append(f"| PSS, DPO Cockpit + WebKit processes: median | {mb(a_pss)} | | |")
    out.append(f"| PSS, minimal window + WebKit processes: median | {mb(b_pss)} | (reference) | |")
    out.append(f"| PSS ratio DPO Cockpit / minimal window | {ratio:.2f} | ≤ {ratio_target:g} | {verdict(ratio <= ratio_target)} |")
    table = "\n".join(out)
    detail = ["", "Every run (in the order they ran):", "", "| run | binary | cold start | PSS | processes |", "|---|---|---|---|---|"]
    for kind, n, ms, pss, procs in rows:
        detail.append(f"| {n} | {'DPO Cockpit' if kind == 'app' else 'minimal window'} | {float(ms):.0f} ms | {mb(int(pss))} | {procs} |")
    detail += ["", "PSS by process, first run of each:", "", "| binary | process | PSS |", "|---|---|---|"]
    for kind, label in (("app", "DPO Cockpit"), ("baseline", "minimal window")):
        first = runs[kind][0]["n"]
        with open(os.path.join(outdir, f"pss-{kind}-{first}.json")) as f:
            procs = json.load(f)
        for p in sorted(procs, key=lambda p: -p["pss_kb"]):
            detail.append(f"| {label} | {p['comm']} | {mb(p['pss_kb'])} |")
    with open(md, "w") as f:
        f.write(meta + "\n\n" + table + "\n" + "\n".join(detail) + "\n")
    print(table)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "generate":
        cmd_generate(args[0], args[1], int(args[2]))
    elif cmd == "pss":
        cmd_pss(int(args[0]), args[1])
    elif cmd == "kill-tree":
        cmd_kill_tree(int(args[0]))
    elif cmd == "report":
        cmd_report(args[0], args[1], args[2], args[3])
    else:
        sys.exit(f"unknown command {cmd}")
PY

# --- the database: 10,000 activities -----------------------------------------------------------------
db="$tmp/cockpit.db"
export LANG=C.UTF-8
"$cli" --db "$db" init --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "cockpit init --demo failed"; }
"$cli" --db "$db" export --format json --out "$tmp/demo.json" >/dev/null
read -r n_demo n_new < <(python3 "$helper" generate "$tmp/demo.json" "$tmp/more.json" "$total_activities")
[ -n "${n_new:-}" ] || die "cannot generate the register file"
t_import=$(date +%s%N)
"$cli" --db "$db" import "$tmp/more.json" >"$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; die "cockpit import failed"; }
import_ms=$((($(date +%s%N) - t_import) / 1000000))
count=$("$cli" --db "$db" activity list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$count" -eq "$total_activities" ] || die "the database holds $count activities, not $total_activities"
note "database: $n_demo demo + $n_new imported = $count activities (import: $import_ms ms, $(du -h "$db" | cut -f1))"

# --- Xvfb (it picks a free display itself and writes its number to fd 3) -------------------------------
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.1; done
[ -s "$tmp/display" ] || { cat "$tmp/xvfb.log" >&2; die "Xvfb did not start"; }
display=":$(tr -d '[:space:]' <"$tmp/display")"
note "display $display, $runs run(s) of each"

# --- the runs ----------------------------------------------------------------------------------------
# One run: $1 = app|baseline, $2 = run number. Appends "kind n ms pss_kb processes" to results.
measure() {
  local kind=$1 n=$2 bin ready="$tmp/out/ready-$1-$2" log="$tmp/out/$1-$2.log" t0 t_ready ms pss procs
  if [ "$kind" = app ]; then bin=$app; else bin=$baseline; fi
  t0=$(date +%s%N)
  (
    unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY COCKPIT_NO_DEMO COCKPIT_LOG
    export DISPLAY="$display" COCKPIT_DB="$db" COCKPIT_READY_FILE="$ready" \
      HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
      XDG_RUNTIME_DIR="$tmp/run" NO_AT_BRIDGE=1 GDK_BACKEND=x11 NO_COLOR=1
    exec setsid "$bin"
  ) >"$log" 2>&1 &
  run_pid=$!
  local deadline=$((t0 + ready_timeout_s * 1000000000))
  while [ ! -s "$ready" ]; do
    if ! kill -0 "$run_pid" 2>/dev/null; then
      tail -n 30 "$log" >&2; die "$kind run $n: $bin exited before it was ready"
    fi
    if [ "$(date +%s%N)" -gt "$deadline" ]; then
      import -display "$display" -window root "$tmp/out/timeout-$kind-$n.png" 2>/dev/null || true
      tail -n 30 "$log" >&2; die "$kind run $n: not ready after $ready_timeout_s s (screenshot in $tmp/out)"
    fi
    sleep 0.01
  done
  sleep 0.05 # the file may be seen between its creation and its write
  t_ready=$(tr -d '[:space:]' <"$ready")
  [[ "$t_ready" =~ ^[0-9]+$ ]] || die "$kind run $n: the ready file holds '$t_ready'"
  ms=$(python3 -c "print(f'{($t_ready - $t0) / 1e6:.1f}')")
  sleep "$settle_s"
  read -r pss procs < <(python3 "$helper" pss "$run_pid" "$tmp/out/pss-$kind-$n.json")
  [[ "${pss:-}" =~ ^[0-9]+$ ]] || die "$kind run $n: cannot read the PSS of the process tree"
  if [ ! -e "$tmp/out/shot-$kind.png" ]; then
    import -display "$display" -window root "$tmp/out/shot-$kind.png" 2>/dev/null || note "screenshot failed"
    cp "$tmp/out/shot-$kind.png" "$CARGO_TARGET_DIR/bench-window-$kind.png" 2>/dev/null || true
  fi
  end_run
  echo "$kind $n $ms $pss $procs" >>"$tmp/out/results"
  note "run $n $kind: cold start $ms ms, PSS $((pss / 1024)) MB over $procs processes"
  if grep -E ' ERROR |panicked at' "$log" >&2; then die "$kind run $n logged an error"; fi
}
for n in $(seq 1 "$runs"); do
  measure app "$n"
  measure baseline "$n"
done

# --- report ------------------------------------------------------------------------------------------
webkit=$(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
meta="Desktop benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)'): release build under Xvfb, $runs run(s) of each, alternating, $count activities (import of $n_new: $import_ms ms). Machine: $(nproc) cores, $cpu, $(. /etc/os-release && echo "$PRETTY_NAME"), WebKitGTK $webkit."
echo "$meta"
echo
START_TARGET_MS=$start_target_ms RATIO_TARGET=$ratio_target \
  python3 "$helper" report "$tmp/out/results" "$tmp/out" "$CARGO_TARGET_DIR/bench-window.md" "$meta"
echo
note "written to $CARGO_TARGET_DIR/bench-window.md; screenshots $CARGO_TARGET_DIR/bench-window-{app,baseline}.png"
