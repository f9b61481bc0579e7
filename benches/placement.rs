//! Placement benchmarks on a realistic 5,000-node cluster (`benches/fixtures.rs`).
//!
//! ```sh
//! cargo bench --bench placement            # all, a few minutes on 2 cores
//! cargo bench --bench placement -- yaml    # only the YAML group
//! ```
//!
//! - `decide`: compiling the DaemonSet, deciding 5,000 nodes with it compiled once, and both.
//! - `json` / `yaml`: `manifest::parse` alone, parse + decide, and the whole `predict --json`
//!   path (parse both inputs, evaluate, validate, serialise the report to memory).
//! - `report`: serialising the 5,000-node report to JSON alone.
//!
//! The fixtures are generated in memory at start-up (about 2 s); `benches/compare.sh` writes the
//! same bytes to disk with `examples/gen_fixtures.rs`. Under `cargo test --benches` each
//! benchmark runs once, on 200 nodes.

#[path = "fixtures.rs"]
mod fixtures;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use kubedrill::manifest;
use kubedrill::placement::objects::{DaemonSet, Node};
use kubedrill::placement::{CompiledDaemonSet, FeatureGates, Placement};
use kubedrill::predict::{Report, predict};
use std::sync::LazyLock;

struct Inputs {
    json: String,
    yaml: String,
    ds: DaemonSet,
    nodes: Vec<Node>,
    report: Report,
}

static INPUTS: LazyLock<Inputs> = LazyLock::new(|| {
    // Without `--bench` (`cargo test --benches`), divan runs each benchmark once, unoptimised:
    // keep that quick.
    let n = if std::env::args().any(|a| a == "--bench") {
        fixtures::NODES
    } else {
        200
    };
    let json = fixtures::node_list_json(n);
    let yaml = fixtures::node_list_yaml(n);
    let ds = manifest::parse("ds.yaml", fixtures::DAEMONSET_YAML.as_bytes())
        .expect("the fixture DaemonSet parses")
        .daemonsets
        .remove(0);
    let nodes = manifest::parse("nodes.json", json.as_bytes())
        .expect("the fixture nodes parse")
        .nodes;
    assert_eq!(nodes.len(), n);
    let report = predict(
        "nodes.json",
        json.as_bytes(),
        "ds.yaml",
        fixtures::DAEMONSET_YAML.as_bytes(),
        FeatureGates::default(),
    )
    .expect("predict succeeds on the fixtures");
    Inputs {
        json,
        yaml,
        ds,
        nodes,
        report,
    }
});

fn main() {
    let inputs = &*INPUTS;
    eprintln!(
        "fixtures: {} nodes; JSON {:.1} MB, YAML {:.1} MB",
        inputs.nodes.len(),
        inputs.json.len() as f64 / 1e6,
        inputs.yaml.len() as f64 / 1e6
    );
    divan::main();
}

/// Parses the nodes and decides every one of them, as `predict` does minus the report.
fn parse_then_decide(name: &str, bytes: &[u8], ds: &DaemonSet) -> Placement {
    let m = manifest::parse(name, bytes).expect("the fixture parses");
    Placement::evaluate(ds, &m.nodes, FeatureGates::default())
}

/// `kubedrill predict --json` minus file reading and stdout.
fn predict_to_json(name: &str, bytes: &[u8]) -> Vec<u8> {
    let report = predict(
        name,
        bytes,
        "ds.yaml",
        fixtures::DAEMONSET_YAML.as_bytes(),
        FeatureGates::default(),
    )
    .expect("predict succeeds on the fixtures");
    let mut out = Vec::with_capacity(8 << 20);
    serde_json::to_writer(&mut out, &report).expect("the report serialises");
    out
}

mod decide {
    use super::*;

    #[divan::bench]
    fn compile() -> CompiledDaemonSet {
        CompiledDaemonSet::compile(black_box(&INPUTS.ds), FeatureGates::default())
    }

    /// Compiled once; every node decided.
    #[divan::bench(sample_count = 40)]
    fn decide_5000_nodes(bencher: Bencher) {
        let inputs = &*INPUTS;
        let compiled = CompiledDaemonSet::compile(&inputs.ds, FeatureGates::default());
        bencher
            .counter(ItemsCount::new(inputs.nodes.len()))
            .bench(|| {
                black_box(&inputs.nodes)
                    .iter()
                    .map(|n| compiled.decide(n))
                    .collect::<Vec<_>>()
            });
    }

    /// `Placement::evaluate`: compile + decide every node.
    #[divan::bench(sample_count = 40)]
    fn compile_and_decide_5000_nodes(bencher: Bencher) {
        let inputs = &*INPUTS;
        bencher
            .counter(ItemsCount::new(inputs.nodes.len()))
            .bench(|| {
                Placement::evaluate(
                    black_box(&inputs.ds),
                    black_box(&inputs.nodes),
                    FeatureGates::default(),
                )
            });
    }
}

mod json {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn parse(bencher: Bencher) {
        let bytes = INPUTS.json.as_bytes();
        bencher
            .counter(BytesCount::new(bytes.len()))
            .bench(|| manifest::parse("nodes.json", black_box(bytes)).expect("parses"));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn parse_and_decide(bencher: Bencher) {
        let inputs = &*INPUTS;
        bencher
            .counter(BytesCount::new(inputs.json.len()))
            .bench(|| {
                super::parse_then_decide(
                    "nodes.json",
                    black_box(inputs.json.as_bytes()),
                    &inputs.ds,
                )
            });
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn predict_and_serialize(bencher: Bencher) {
        let bytes = INPUTS.json.as_bytes();
        bencher
            .counter(BytesCount::new(bytes.len()))
            .bench(|| predict_to_json("nodes.json", black_box(bytes)));
    }
}

mod yaml {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn parse(bencher: Bencher) {
        let bytes = INPUTS.yaml.as_bytes();
        bencher
            .counter(BytesCount::new(bytes.len()))
            .bench(|| manifest::parse("nodes.yaml", black_box(bytes)).expect("parses"));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn parse_and_decide(bencher: Bencher) {
        let inputs = &*INPUTS;
        bencher
            .counter(BytesCount::new(inputs.yaml.len()))
            .bench(|| {
                super::parse_then_decide(
                    "nodes.yaml",
                    black_box(inputs.yaml.as_bytes()),
                    &inputs.ds,
                )
            });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn predict_and_serialize(bencher: Bencher) {
        let bytes = INPUTS.yaml.as_bytes();
        bencher
            .counter(BytesCount::new(bytes.len()))
            .bench(|| predict_to_json("nodes.yaml", black_box(bytes)));
    }
}

mod report {
    use super::*;

    /// The `--json` output of a 5,000-node report, to memory.
    #[divan::bench(sample_count = 40)]
    fn serialize_json(bencher: Bencher) {
        let report = &INPUTS.report;
        bencher.bench(|| {
            let mut out = Vec::with_capacity(8 << 20);
            serde_json::to_writer(&mut out, black_box(report)).expect("serialises");
            out
        });
    }
}
