//! Writes the benchmark fixtures: `nodes-5000.json`, `nodes-5000.yaml` (as `kubectl get nodes -o
//! json|yaml` prints a 5,000-node cluster) and `ds.yaml` (a vendor-style DaemonSet).
//!
//! ```sh
//! cargo run --release --example gen_fixtures -- target/bench-fixtures [NODES] [--shape lean|busy]
//! ```
//!
//! `--shape busy` writes `nodes-<n>-busy.json|yaml` instead: the same nodes with 50 images each;
//! `--shape lean` writes `nodes-<n>-lean.json|yaml`: 3 images and the kubelet's managedFields only.
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
    let mut shape = fixtures::Shape::Generated;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--force" {
            force = true;
        } else if arg == "--shape" {
            shape = match args.next().as_deref() {
                Some("busy") => fixtures::Shape::Busy,
                Some("lean") => fixtures::Shape::Lean,
                Some("generated") => fixtures::Shape::Generated,
                _ => {
                    eprintln!(
                        "usage: gen_fixtures OUTDIR [NODES] [--shape lean|generated|busy] [--force]"
                    );
                    return ExitCode::from(2);
                }
            };
        } else if dir.is_none() {
            dir = Some(PathBuf::from(arg));
        } else if let Ok(n) = arg.parse() {
            nodes = n;
        } else {
            eprintln!("usage: gen_fixtures OUTDIR [NODES] [--shape lean|generated|busy] [--force]");
            return ExitCode::from(2);
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("target/bench-fixtures"));
    match fixtures::write_fixtures_shaped(&dir, nodes, shape, force) {
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
