#!/usr/bin/env bash
# `kubedrill predict --json` on the generated 5,000-node cluster, this tree's release binary
# against another build's (the baseline an issue names, e.g. the commit before a change), in one
# run: JSON and YAML nodes, runs interleaved (A B A B ...) so both see the same machine, then
# min / median per binary and the ratio new / baseline. Also the DaemonSet read alone (the
# strict check's cost): predict with a one-node file and the fixture's DaemonSet.
#
# Usage: benches/predict-against.sh BASELINE_BINARY
#   build one with: git worktree add /tmp/base REV && (cd /tmp/base && cargo build --release)
# Environment: OUT (fixture dir, default target/bench-fixtures), NODES (default 5000),
#   RUNS (timed runs per binary and case, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:?usage: benches/predict-against.sh BASELINE_BINARY}
OUT=${OUT:-target/bench-fixtures}
NODES=${NODES:-5000}
RUNS=${RUNS:-10}

# shellcheck source=benches/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

log "cargo build --release (kubedrill, examples/gen_fixtures)"
cargo build --release --quiet --bin kubedrill --example gen_fixtures
NEW=target/release/kubedrill
target/release/examples/gen_fixtures "$OUT" "$NODES" >/dev/null
ONE=$(mktemp)
trap 'rm -f "$ONE"' EXIT
printf 'apiVersion: v1\nkind: Node\nmetadata: {name: one}\n' >"$ONE"

log "$RUNS runs per binary and case, interleaved ($(nproc) cores)"
python3 - "$BASE" "$NEW" "$RUNS" "$OUT/nodes-$NODES.json" "$OUT/nodes-$NODES.yaml" "$OUT/ds.yaml" "$ONE" <<'EOF'
import statistics, subprocess, sys, time

base, new, runs, json_nodes, yaml_nodes, ds, one = sys.argv[1:8]
runs = int(runs)
cases = [("JSON nodes", json_nodes), ("YAML nodes", yaml_nodes), ("DaemonSet only", one)]


def once(binary, nodes):
    start = time.perf_counter()
    subprocess.run([binary, "predict", "--json", "-n", nodes, "-d", ds],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


print(f"{'case':16} {'baseline min':>13} {'median':>8} {'new min':>9} {'median':>8} {'new/base (median)':>18}")
for name, nodes in cases:
    once(base, nodes)
    once(new, nodes)
    a, b = [], []
    for _ in range(runs):
        a.append(once(base, nodes))
        b.append(once(new, nodes))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{name:16} {min(a):13.1f} {ma:8.1f} {min(b):9.1f} {mb:8.1f} {mb / ma:18.3f}")
EOF
