//! Where `kubedrill predict --json` spends its time: the same steps as the command, each timed.
//!
//! ```sh
//! cargo run --release --example predict_phases -- NODES_FILE DAEMONSET_FILE [RUNS]
//! ```
//!
//! Steps: reading the file as the command does (`File::take(..).read_to_end`, which gets no size
//! hint) and, for comparison, with `std::fs::read`; parsing the nodes (`predict::read_nodes`:
//! `manifest::parse` + the duplicate-name check); parsing the DaemonSet; `predict::evaluate`
//! (compile, decide every node, rollout, validation); serialising the report as `--json` does
//! (`serde_json::to_writer` through a `BufWriter`, to a sink); dropping the report, the nodes and
//! the bytes. The first run is the one a fresh process sees (every allocation faults pages in);
//! later runs reuse the allocator's memory, so their median is shown apart.

use kubedrill::manifest::strict::Validate;
use kubedrill::placement::FeatureGates;
use kubedrill::predict::{evaluate, read_daemonsets, read_nodes};
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const STEPS: [&str; 9] = [
    "read (as the command: Take<File>, no size hint)",
    "read (std::fs::read, sized)",
    "parse nodes (read_nodes)",
    "parse daemonset",
    "evaluate (compile + decide + validate)",
    "serialise --json",
    "drop report",
    "drop nodes",
    "drop file bytes",
];

struct Laps {
    times: [Duration; STEPS.len()],
    since: Instant,
}

impl Laps {
    /// Records the time since the last mark (or restart) as step `i`.
    fn mark(&mut self, i: usize) {
        self.times[i] = self.since.elapsed();
        self.since = Instant::now();
    }

    fn restart(&mut self) {
        self.since = Instant::now();
    }
}

fn run_once(nodes_path: &str, ds_path: &str) -> [Duration; STEPS.len()] {
    let mut laps = Laps {
        times: [Duration::ZERO; STEPS.len()],
        since: Instant::now(),
    };

    let mut bytes = Vec::new();
    std::fs::File::open(nodes_path)
        .expect("the nodes file opens")
        .take((1 << 30) + 1)
        .read_to_end(&mut bytes)
        .expect("the nodes file reads");
    laps.mark(0);
    let sized = std::fs::read(nodes_path).expect("the nodes file reads");
    laps.mark(1);
    drop(sized);
    laps.restart();
    let nodes = read_nodes(nodes_path, &bytes).expect("the nodes parse");
    laps.mark(2);
    let ds_bytes = std::fs::read(ds_path).expect("the DaemonSet file reads");
    let daemonsets = read_daemonsets(ds_path, &ds_bytes, Validate::Strict)
        .expect("the DaemonSet parses")
        .objects;
    laps.mark(3);
    let report = evaluate(&nodes, &daemonsets, FeatureGates::default());
    laps.mark(4);
    let mut out = BufWriter::new(std::io::sink());
    serde_json::to_writer(&mut out, &report).expect("the report serialises");
    writeln!(out)
        .and_then(|()| out.flush())
        .expect("the sink takes it");
    laps.mark(5);
    drop(report);
    laps.mark(6);
    drop(nodes);
    laps.mark(7);
    drop(bytes);
    laps.mark(8);
    laps.times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (nodes_path, ds_path) = match (args.first(), args.get(1)) {
        (Some(n), Some(d)) => (n.as_str(), d.as_str()),
        _ => {
            eprintln!("usage: predict_phases NODES_FILE DAEMONSET_FILE [RUNS]");
            return ExitCode::from(2);
        }
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let all: Vec<_> = (0..runs).map(|_| run_once(nodes_path, ds_path)).collect();
    let first = all[0];
    let median = |i: usize| {
        let mut v: Vec<Duration> = all[1..].iter().map(|t| t[i]).collect();
        v.sort();
        v.get(v.len() / 2).copied()
    };
    println!("{nodes_path}: {runs} runs (ms)");
    println!("{:<48} {:>10} {:>14}", "step", "first run", "median later");
    for (i, step) in STEPS.iter().enumerate() {
        let later = median(i).map_or("-".to_owned(), |d| format!("{:.1}", ms(d)));
        println!("{step:<48} {:>10.1} {later:>14}", ms(first[i]));
    }
    let total = |t: &[Duration; STEPS.len()]| {
        t.iter()
            .enumerate()
            .filter(|&(i, _)| i != 1)
            .map(|(_, d)| ms(*d))
            .sum::<f64>()
    };
    println!(
        "{:<48} {:>10.1} {:>14}",
        "total (without the sized read)",
        total(&first),
        if runs > 1 {
            let mut v: Vec<f64> = all[1..].iter().map(total).collect();
            v.sort_by(f64::total_cmp);
            format!("{:.1}", v[v.len() / 2])
        } else {
            "-".to_owned()
        }
    );
    ExitCode::SUCCESS
}
