#!/usr/bin/env bash
# Measures `kubedrill predict --json` on a generated 5,000-node cluster against Python's parsers,
# and its peak memory, in one run:
#
#   JSON: kubedrill predict --json -n nodes-5000.json -d ds.yaml   vs  python3 json.load
#   YAML: kubedrill predict --json -n nodes-5000.yaml -d ds.yaml   vs  PyYAML's libyaml event parse
#
# for each shape of node (SHAPES: `lean`, 3 images and the kubelet's managedFields only, the size of
# issue 17's first row; `generated`, 10-15 images a node, the size of its second; `busy`, 50 images).
#
# Targets (issue 17): JSON predict <= 0.20x json.load; YAML predict <= 0.40x the libyaml event
# parse; peak RSS <= 2x the nodes file. Prints file sizes, times, ratios and a summary table.
#
# Usage: benches/compare.sh [--no-install]
# Environment: OUT (fixture dir, default target/bench-fixtures), NODES (default 5000),
#   RUNS_JSON (default 10), RUNS_YAML (default 3), RSS_RUNS (default 3), NO_HYPERFINE=1 (use
#   the timing loop even when hyperfine is there).
# Uses hyperfine when present (installed with apt-get when missing and allowed), else a timing
# loop; GNU time (/usr/bin/time -v) for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-target/bench-fixtures}
NODES=${NODES:-5000}
RUNS_JSON=${RUNS_JSON:-10}
RUNS_YAML=${RUNS_YAML:-3}
RSS_RUNS=${RSS_RUNS:-3}
SHAPES=${SHAPES:-lean generated busy}
INSTALL=1
[[ ${1:-} == --no-install ]] && INSTALL=0

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# --- tools
if ! command -v hyperfine >/dev/null; then
    log "hyperfine missing: installing with apt-get"
    apt_install hyperfine || log "hyperfine unavailable: using a timing loop"
fi
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null && [[ -z ${NO_HYPERFINE:-} ]] && HAVE_HYPERFINE=1
if [[ ! -x /usr/bin/time ]]; then
    log "GNU time missing: installing with apt-get"
    apt_install time || log "GNU time unavailable: peak RSS will not be measured"
fi
HAVE_TIME=0
[[ -x /usr/bin/time ]] && HAVE_TIME=1
python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null || {
    echo "compare.sh: python3 with PyYAML built against libyaml (yaml.CSafeLoader) is required" >&2
    exit 1
}

# --- build and fixtures
log "cargo build --release (kubedrill, examples/gen_fixtures)"
cargo build --release --quiet --bin kubedrill --example gen_fixtures
BIN=target/release/kubedrill
ALL_RESULTS=$(mktemp -d)
trap 'rm -rf "$ALL_RESULTS"' EXIT

for SHAPE in $SHAPES; do
SUFFIX=""
[[ $SHAPE == busy ]] && SUFFIX="-busy"
[[ $SHAPE == lean ]] && SUFFIX="-lean"
log "fixtures in $OUT ($NODES nodes, shape $SHAPE)"
target/release/examples/gen_fixtures "$OUT" "$NODES" --shape "$SHAPE" --force >/dev/null
JSON_FILE=$OUT/nodes-$NODES$SUFFIX.json
YAML_FILE=$OUT/nodes-$NODES$SUFFIX.yaml
DS_FILE=$OUT/ds.yaml
RESULTS=$ALL_RESULTS/$SHAPE
mkdir -p "$RESULTS"

PY_JSON="import json,sys; json.load(open(sys.argv[1]))"
PY_YAML="import yaml,sys; [None for _ in yaml.parse(open(sys.argv[1]), Loader=yaml.CSafeLoader)]"

# Sanity: the commands work and predict's output is what we think.
"$BIN" predict --json -n "$JSON_FILE" -d "$DS_FILE" >"$RESULTS/out-json.json"
"$BIN" predict --json -n "$YAML_FILE" -d "$DS_FILE" >"$RESULTS/out-yaml.json"
cmp -s "$RESULTS/out-json.json" "$RESULTS/out-yaml.json" || {
    echo "compare.sh: predict gives different reports for the JSON and the YAML nodes" >&2
    exit 1
}
python3 - "$RESULTS/out-json.json" <<'EOF' >&2
import json, sys, collections
r = json.load(open(sys.argv[1]))["results"][0]
c = collections.Counter(n["outcome"] for n in r["nodes"])
print(f"== report: {len(r['nodes'])} nodes, desiredNumberScheduled {r['desiredNumberScheduled']}, "
      + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
EOF

# time_pair NAME RUNS CMD_A CMD_B: mean/stddev/min seconds of each into $RESULTS/NAME.{a,b}
time_pair() {
    local name=$1 runs=$2 a=$3 b=$4
    log "timing $name: $runs runs each"
    if ((HAVE_HYPERFINE)); then
        hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$RESULTS/$name.hf.json" \
            -n "kubedrill predict" "$a" -n "python baseline" "$b" >&2
        python3 - "$RESULTS/$name.hf.json" "$RESULTS/$name" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
for tag, r in zip("ab", res):
    open(f"{sys.argv[2]}.{tag}", "w").write(f"{r['mean']} {r['stddev'] or 0} {r['min']}\n")
EOF
    else
        local tag cmd i start end
        for tag in a b; do
            [[ $tag == a ]] && cmd=$a || cmd=$b
            bash -c "$cmd" >/dev/null # warm-up
            : >"$RESULTS/$name.$tag.runs"
            for ((i = 0; i < runs; i++)); do
                start=$(date +%s.%N)
                bash -c "$cmd" >/dev/null
                end=$(date +%s.%N)
                echo "$start $end" >>"$RESULTS/$name.$tag.runs"
            done
            python3 - "$RESULTS/$name.$tag.runs" "$RESULTS/$name.$tag" <<'EOF'
import statistics, sys
t = [float(e) - float(s) for s, e in (l.split() for l in open(sys.argv[1]))]
sd = statistics.stdev(t) if len(t) > 1 else 0.0
open(sys.argv[2], "w").write(f"{statistics.mean(t)} {sd} {min(t)}\n")
print(f"   {'kubedrill predict' if sys.argv[2].endswith('.a') else 'python baseline'}: "
      f"{statistics.mean(t):.3f} s ± {sd:.3f} (min {min(t):.3f}, {len(t)} runs)", file=sys.stderr)
EOF
        done
    fi
}

# peak_rss NAME CMD: the largest peak RSS (KiB) over $RSS_RUNS runs into $RESULTS/NAME.rss
peak_rss() {
    local name=$1 cmd=$2 i kb max=0
    if ((!HAVE_TIME)); then
        echo 0 >"$RESULTS/$name.rss"
        return
    fi
    for ((i = 0; i < RSS_RUNS; i++)); do
        /usr/bin/time -v -o "$RESULTS/$name.time" bash -c "exec $cmd" >/dev/null
        kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$RESULTS/$name.time")
        ((kb > max)) && max=$kb
    done
    echo "$max" >"$RESULTS/$name.rss"
}

JSON_PREDICT="$BIN predict --json -n $JSON_FILE -d $DS_FILE"
YAML_PREDICT="$BIN predict --json -n $YAML_FILE -d $DS_FILE"
JSON_BASE="python3 -c '$PY_JSON' $JSON_FILE"
YAML_BASE="python3 -c '$PY_YAML' $YAML_FILE"

time_pair json "$RUNS_JSON" "$JSON_PREDICT > /dev/null" "$JSON_BASE"
time_pair yaml "$RUNS_YAML" "$YAML_PREDICT > /dev/null" "$YAML_BASE"
log "peak RSS ($RSS_RUNS runs each)"
peak_rss json-predict "$JSON_PREDICT"
peak_rss yaml-predict "$YAML_PREDICT"
peak_rss json-base "$JSON_BASE"
peak_rss yaml-base "$YAML_BASE"

# --- summary
python3 - "$RESULTS" "$JSON_FILE" "$YAML_FILE" "$DS_FILE" "$HAVE_HYPERFINE" "$SHAPE" <<'EOF'
import os, sys
res, json_file, yaml_file, ds_file, hf, shape = sys.argv[1:]
def timing(name, tag):
    mean, sd, mn = map(float, open(f"{res}/{name}.{tag}").read().split())
    return mean, sd, mn
def rss(name):
    return int(open(f"{res}/{name}.rss").read()) * 1024
size = {"json": os.path.getsize(json_file), "yaml": os.path.getsize(yaml_file)}
mb = lambda b: b / 1e6
print()
print(f"shape {shape}: nodes files: {json_file} {mb(size['json']):.1f} MB, {yaml_file} {mb(size['yaml']):.1f} MB; "
      f"{ds_file} {os.path.getsize(ds_file)} B; timing by {'hyperfine' if hf == '1' else 'a timing loop'}")
print()
rows = []
ok_all = True
header = ("input", "predict (s)", "baseline (s)", "time ratio", "target", "peak RSS", "RSS/file", "target", "baseline RSS")
for fmt, base_name, limit in (("json", "json.load", 0.20), ("yaml", "libyaml events", 0.40)):
    p, b = timing(fmt, "a"), timing(fmt, "b")
    ratio = p[0] / b[0]
    r = rss(f"{fmt}-predict")
    rss_ratio = r / size[fmt] if r else float("nan")
    t_ok = ratio <= limit
    m_ok = r and rss_ratio <= 2
    ok_all &= bool(t_ok and m_ok)
    rows.append((
        f"{fmt.upper()} {mb(size[fmt]):.0f} MB",
        f"{p[0]:.3f} ± {p[1]:.3f}",
        f"{b[0]:.3f} ± {b[1]:.3f} ({base_name})",
        f"{ratio:.3f}x",
        f"<= {limit}x {'PASS' if t_ok else 'MISS'}",
        f"{mb(r):.0f} MB" if r else "n/a",
        f"{rss_ratio:.2f}x" if r else "n/a",
        f"<= 2x {'PASS' if m_ok else 'MISS'}",
        f"{mb(rss(f'{fmt}-base')):.0f} MB" if rss(f"{fmt}-base") else "n/a",
    ))
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
print(line(header))
print(line(["-" * w for w in widths]))
for r in rows:
    print(line(r))
print()
print(f"shape {shape}: " + ("all targets met" if ok_all else "some targets missed"))
EOF
done
