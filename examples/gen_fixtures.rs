//! Writes the benchmark fixtures: `nodes-5000.json`, `nodes-5000.yaml` (as `kubectl get nodes -o
//! json|yaml` prints a 5,000-node cluster) and `ds.yaml` (a vendor-style DaemonSet).
//!
//! ```sh
//! cargo run --release --example gen_fixtures -- target/bench-fixtures [NODES]
//! ```
//!
//! Files already present are kept unless `--force` is given. The bytes are the same on every run.

#[path = "../benches/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut dir = None;
    let mut nodes = fixtures::NODES;
    let mut force = false;
    for arg in std::env::args().skip(1) {
        if arg == "--force" {
            force = true;
        } else if dir.is_none() {
            dir = Some(PathBuf::from(arg));
        } else if let Ok(n) = arg.parse() {
            nodes = n;
        } else {
            eprintln!("usage: gen_fixtures OUTDIR [NODES] [--force]");
            return ExitCode::from(2);
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("target/bench-fixtures"));
    match fixtures::write_fixtures(&dir, nodes, force) {
        Ok(paths) => {
            for p in paths {
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                println!("{}\t{size}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_fixtures: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
