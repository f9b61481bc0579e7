#!/usr/bin/env bash
# A synthetic year of study (100,000 answers over 400 items, see benches/study.rs) against the
# baseline of `sqlite3` merely reading the same review log, in one run:
#
#   baseline:  sqlite3 DB 'SELECT id, item, at_ms, rating, duration_ms, mode, correct
#                          FROM review_log ORDER BY at_ms, id' > /dev/null
#   in-process (divan, benches/study.rs): load_log, replay_only, due_queue_only, stats_only,
#              due_queue_from_log (load + replay + due queue), stats_from_log (load + replay +
#              stats), and for reference open_store and baseline_sqlite_scan
#   end to end: kubedrill --data-dir DIR stats --json   (decks, log, replay, stats)
#               kubedrill --data-dir DIR decks --json   (decks, log, replay, due queue per deck)
#               kubedrill stats --json on an empty data folder (the fixed cost: process, decks)
#
# Target: due queue from the log and stats from the log each <= 3x the sqlite3 read. Prints the
# times, the ratios and a summary table with the breakdown (load vs replay vs stats).
#
# Usage: benches/study-compare.sh [--no-install]
# Environment: FIXTURE (the fixture data folder, default target/bench-fixtures/study), RUNS
#   (hyperfine runs per command, default 20), NO_HYPERFINE=1 (use the timing loop even when
#   hyperfine is there).
# Uses hyperfine when present (installed with apt-get when missing and allowed), else a timing
# loop; needs sqlite3 (installed with apt-get when missing and allowed) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

FIXTURE=${FIXTURE:-target/bench-fixtures/study}
RUNS=${RUNS:-20}
INSTALL=1
[[ ${1:-} == --no-install ]] && INSTALL=0
TARGET_RATIO=3

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# --- tools
command -v python3 >/dev/null || {
    echo "study-compare.sh: python3 is required" >&2
    exit 1
}
if ! command -v sqlite3 >/dev/null; then
    log "sqlite3 missing: installing with apt-get"
    apt_install sqlite3 || {
        echo "study-compare.sh: the sqlite3 command-line shell is required" >&2
        exit 1
    }
fi
if ! command -v hyperfine >/dev/null; then
    log "hyperfine missing: installing with apt-get"
    apt_install hyperfine || log "hyperfine unavailable: using a timing loop"
fi
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null && [[ -z ${NO_HYPERFINE:-} ]] && HAVE_HYPERFINE=1

# --- build and fixture
log "cargo build --release (kubedrill) and cargo bench --no-run (study)"
cargo build --release --quiet --bin kubedrill
cargo bench --quiet --bench study --no-run
BIN=target/release/kubedrill
mkdir -p "$(dirname "$FIXTURE")"
FIXTURE=$(cd "$(dirname "$FIXTURE")" && pwd)/$(basename "$FIXTURE")
export STUDY_FIXTURE_DIR=$FIXTURE
log "fixture in $FIXTURE (seeded once, about 20 s, then reused)"
STUDY_SEED_ONLY=1 cargo bench --quiet --bench study >/dev/null
DB=$FIXTURE/kubedrill.db

RESULTS=$(mktemp -d)
trap 'rm -rf "$RESULTS"' EXIT
EMPTY=$RESULTS/empty-data
mkdir -p "$EMPTY"

QUERY='SELECT id, item, at_ms, rating, duration_ms, mode, correct FROM review_log ORDER BY at_ms, id'

# Sanity: both sides see the whole log.
rows=$(sqlite3 "$DB" "$QUERY" | wc -l)
total=$("$BIN" --data-dir "$FIXTURE" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalAnswers"])')
"$BIN" --data-dir "$FIXTURE" decks --json >/dev/null
"$BIN" --data-dir "$EMPTY" stats --json >/dev/null
log "log: sqlite3 reads $rows rows, kubedrill stats counts $total answers ($(du -k "$DB" | cut -f1) KiB database)"
[[ $rows == "$total" ]] || {
    echo "study-compare.sh: sqlite3 and kubedrill disagree on the size of the log" >&2
    exit 1
}

# --- in-process: divan
log "in-process benchmarks (cargo bench --bench study)"
cargo bench --quiet --bench study 2>&1 | tee "$RESULTS/divan.txt" >&2

# --- end to end: one hyperfine run for all four commands
NAMES=("sqlite3 read" "kubedrill stats --json" "kubedrill decks --json" "kubedrill stats --json (empty log)")
CMDS=(
    "sqlite3 $DB '$QUERY'"
    "$BIN --data-dir $FIXTURE stats --json"
    "$BIN --data-dir $FIXTURE decks --json"
    "$BIN --data-dir $EMPTY stats --json"
)
log "end to end: $RUNS runs each"
if ((HAVE_HYPERFINE)); then
    args=()
    for i in "${!CMDS[@]}"; do
        args+=(-n "${NAMES[$i]}" "${CMDS[$i]}")
    done
    # -N: no intermediate shell; hyperfine sends the output to /dev/null.
    hyperfine --style basic -N --warmup 3 --runs "$RUNS" --export-json "$RESULTS/hf.json" "${args[@]}" >&2
    python3 - "$RESULTS/hf.json" "$RESULTS/e2e" <<'EOF'
import json, sys
with open(sys.argv[2], "w") as out:
    for r in json.load(open(sys.argv[1]))["results"]:
        out.write(f"{r['median']} {r['mean']} {r['stddev'] or 0}\n")
EOF
else
    : >"$RESULTS/e2e"
    for i in "${!CMDS[@]}"; do
        cmd=${CMDS[$i]}
        for ((w = 0; w < 3; w++)); do bash -c "$cmd" >/dev/null; done
        : >"$RESULTS/runs"
        for ((r = 0; r < RUNS; r++)); do
            start=$(date +%s.%N)
            bash -c "$cmd" >/dev/null
            end=$(date +%s.%N)
            echo "$start $end" >>"$RESULTS/runs"
        done
        python3 - "$RESULTS/runs" "${NAMES[$i]}" <<'EOF' >>"$RESULTS/e2e"
import statistics, sys
t = [float(e) - float(s) for s, e in (l.split() for l in open(sys.argv[1]))]
sd = statistics.stdev(t) if len(t) > 1 else 0.0
print(f"{statistics.median(t)} {statistics.mean(t)} {sd}")
print(f"   {sys.argv[2]}: {statistics.mean(t) * 1e3:.1f} ms ± {sd * 1e3:.1f} "
      f"(median {statistics.median(t) * 1e3:.1f}, {len(t)} runs)", file=sys.stderr)
EOF
    done
fi

# --- summary
python3 - "$RESULTS/divan.txt" "$RESULTS/e2e" "$HAVE_HYPERFINE" "$RUNS" "$TARGET_RATIO" "${NAMES[@]}" <<'EOF'
import re, sys
divan_file, e2e_file, hf, runs, target = sys.argv[1:6]
names = sys.argv[6:]
target = float(target)
unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
num = r"([\d.]+)\s*(ns|µs|us|ms|s)"
row = re.compile(r"^[│ ]*[├╰]─\s*(\w+)\s+" + num + r"\s*│\s*" + num + r"\s*│\s*" + num + r"\s*│\s*" + num)
divan = {}
for line in open(divan_file, encoding="utf-8"):
    m = row.match(line)
    if m:
        g = m.groups()
        divan[g[0]] = {"median": float(g[5]) * unit[g[6]], "mean": float(g[7]) * unit[g[8]]}
e2e = {}
for name, line in zip(names, open(e2e_file)):
    median, mean, sd = map(float, line.split())
    e2e[name] = {"median": median, "mean": mean, "sd": sd}
base = e2e[names[0]]["median"]
ms = lambda s: f"{s * 1e3:.1f} ms"

print()
print(f"baseline: {names[0]} (CLI, median of {runs} runs by {'hyperfine' if hf == '1' else 'a timing loop'}) "
      f"= {ms(base)}; divan: median of 10 samples; ratios use medians")
print()
header = ("what", "kind", "median", "mean", "x sqlite3 read", "target")
rows, ok_all = [], True
def add(name, kind, t, checked):
    global ok_all
    ratio = t["median"] / base
    verdict = ""
    if checked:
        ok = ratio <= target
        ok_all &= ok
        verdict = f"<= {target:g}x {'PASS' if ok else 'MISS'}"
    sd = f" ± {t['sd'] * 1e3:.1f}" if "sd" in t else ""
    rows.append((name, kind, ms(t["median"]), ms(t["mean"]) + sd, f"{ratio:.2f}x", verdict))
add(names[0], "CLI", e2e[names[0]], False)
for b, checked in (("baseline_sqlite_scan", False), ("open_store", False), ("load_log", False),
                   ("replay_only", False), ("due_queue_only", False), ("stats_only", False),
                   ("due_queue_from_log", True), ("stats_from_log", True)):
    if b in divan:
        add(b, "in-process", divan[b], checked)
    else:
        print(f"(divan result {b} missing)")
for n in names[1:]:
    add(n, "CLI", e2e[n], n != names[3])
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
print(fmt(header))
print(fmt(["-" * w for w in widths]))
for r in rows:
    print(fmt(r))

if all(k in divan for k in ("load_log", "replay_only", "due_queue_only", "stats_only")):
    load, replay = divan["load_log"]["median"], divan["replay_only"]["median"]
    due, st = divan["due_queue_only"]["median"], divan["stats_only"]["median"]
    print()
    print("where the time goes (in-process medians):")
    for label, parts, whole in (
        ("due queue from the log", (("load", load), ("replay", replay), ("due queue", due)), "due_queue_from_log"),
        ("stats from the log", (("load", load), ("replay", replay), ("stats", st)), "stats_from_log"),
    ):
        total = sum(t for _, t in parts)
        shares = ", ".join(f"{n} {ms(t)} ({t / total:.0%})" for n, t in parts)
        print(f"  {label}: {shares}; sum {ms(total)}, measured {ms(divan[whole]['median'])}")
    if "baseline_sqlite_scan" in divan:
        scan = divan["baseline_sqlite_scan"]["median"]
        print(f"  of load_log, SQLite stepping through the sorted query alone takes {ms(scan)} "
              f"({scan / load:.0%}); decoding into Answers the rest")
    fixed = e2e[names[3]]["median"]
    print(f"  CLI fixed cost (process, shipped decks, empty log): {ms(fixed)}")
print()
print("all targets met" if ok_all else "some targets missed")
EOF
