use super::UsageError;
use super::style::{Paint, inert, paint, write_out};
use crate::cli::PredictArgs;
use crate::placement::scheduler::Stage;
use crate::placement::{FeatureGates, Outcome};
use crate::predict::{
    DaemonSetResult, Report, evaluate, evaluate_with_scheduler, read_daemonsets, read_nodes,
    read_pods,
};
use anyhow::{Context, Result, bail};
use std::io::{self, Read, Write};
use std::path::Path;

/// The largest manifest read: far above a 5,000-node cluster's `-o json` (~100 MB).
const MAX_INPUT: u64 = 1 << 30;

pub fn run(args: &PredictArgs, color: bool) -> Result<()> {
    let gates = FeatureGates::parse(&args.feature_gates)
        .map_err(|e| UsageError(format!("--feature-gates: {e}")))?;
    let stdin_readers = [Some(&args.nodes), Some(&args.daemonset), args.pods.as_ref()]
        .iter()
        .flatten()
        .filter(|p| p.as_os_str() == "-")
        .count();
    if stdin_readers > 1 {
        return Err(UsageError(
            "only one of --nodes, --daemonset and --pods can read stdin (-)".into(),
        )
        .into());
    }
    let (nodes_name, nodes_bytes) = read_input(&args.nodes)?;
    let (ds_name, ds_bytes) = read_input(&args.daemonset)?;
    let nodes = read_nodes(&nodes_name, &nodes_bytes)?;
    let read = read_daemonsets(&ds_name, &ds_bytes, args.validate)?;
    let mut warnings = read.warnings;
    let daemonsets = read.objects;
    let report = if args.scheduler {
        let pods = match &args.pods {
            Some(path) => {
                let (name, bytes) = read_input(path)?;
                let read = read_pods(&name, &bytes, args.validate)?;
                warnings.extend(read.warnings);
                read.objects
            }
            None => Vec::new(),
        };
        evaluate_with_scheduler(&nodes, &daemonsets, &pods, gates)
    } else {
        evaluate(&nodes, &daemonsets, gates)
    };
    // --validate=warn: what kubectl apply --validate=warn would print, then the prediction
    // for the object without those fields, as the API server would store it.
    for w in &warnings {
        eprintln!("kubedrill: warning: {} (left out)", inert(w));
    }
    // The process ends right after printing. Freeing a 100 MB input and 5,000 nodes' label maps
    // one allocation at a time costs ~20 ms (a tenth of the command on a large cluster) and
    // gives nothing back, so the big inputs are left to the OS.
    std::mem::forget((nodes, nodes_bytes, ds_bytes));
    for r in &report.results {
        for e in &r.validation_errors {
            eprintln!(
                "kubedrill: warning: daemonset {}/{}: the API server would reject this: {}; evaluated as the controller would",
                inert(&r.daemonset.namespace),
                inert(&r.daemonset.name),
                inert(e)
            );
        }
    }
    if args.json {
        write_out(|out| {
            serde_json::to_writer(&mut *out, &report).map_err(io::Error::from)?;
            writeln!(out)
        })
    } else {
        write_out(|out| write_table(out, &report, color))
    }
}

/// Reads a file, or stdin for `-`, whole; the name is what errors will show.
fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        check_size("<stdin>", bytes.len())?;
        return Ok(("<stdin>".to_owned(), bytes));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    check_size(&name, bytes.len())?;
    Ok((name, bytes))
}

fn check_size(name: &str, len: usize) -> Result<()> {
    if len as u64 > MAX_INPUT {
        bail!(
            "{name}: larger than {} MiB; kubedrill reads manifests up to that size",
            MAX_INPUT >> 20
        );
    }
    Ok(())
}

fn outcome_paint(o: Outcome) -> Paint {
    match o {
        Outcome::Runs => Paint::Green,
        Outcome::KeepsExisting => Paint::Yellow,
        Outcome::Evicted => Paint::Red,
        Outcome::NoPod => Paint::Dim,
    }
}

fn write_table(out: &mut dyn Write, report: &Report, color: bool) -> io::Result<()> {
    for (i, r) in report.results.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_result(out, r, color)?;
    }
    Ok(())
}

fn write_result(out: &mut dyn Write, r: &DaemonSetResult, color: bool) -> io::Result<()> {
    let title = format!(
        "DaemonSet {}/{}",
        inert(&r.daemonset.namespace),
        inert(&r.daemonset.name)
    );
    let pending = match r.pending_number {
        Some(n) => format!("; {n} stay Pending (scheduler stage)"),
        None => String::new(),
    };
    writeln!(
        out,
        "{}: {} of {} nodes get a pod (desiredNumberScheduled {}){pending}",
        paint(&title, Paint::Bold, color),
        r.desired_number_scheduled,
        r.nodes.len(),
        r.desired_number_scheduled
    )?;
    writeln!(out, "rollout: {}", inert(&r.rollout.summary))?;
    for e in &r.validation_errors {
        writeln!(out, "invalid: {}", inert(e))?;
    }
    let names: Vec<String> = r.nodes.iter().map(|n| inert(&n.node)).collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    const OUTCOME_WIDTH: usize = 14;
    writeln!(
        out,
        "{:width$}  {:OUTCOME_WIDTH$}  REASONS",
        "NODE", "OUTCOME"
    )?;
    for (name, n) in names.iter().zip(&r.nodes) {
        // A pod the scheduler leaves Pending shows as `pending`, with the filter that failed.
        let stage = n.scheduler.as_ref().filter(|s| s.stage == Stage::Pending);
        let (outcome, style, reasons) = match stage {
            Some(s) => ("pending", Paint::Yellow, &s.reasons),
            None => (
                n.decision.outcome.as_str(),
                outcome_paint(n.decision.outcome),
                &n.decision.reasons,
            ),
        };
        let padded = format!("{outcome:OUTCOME_WIDTH$}");
        let painted = paint(&padded, style, color);
        let mut reasons = reasons.iter();
        match reasons.next() {
            None => writeln!(out, "{name:width$}  {}", painted.trim_end())?,
            Some(first) => {
                writeln!(
                    out,
                    "{name:width$}  {painted}  {}: {}",
                    first.rule,
                    inert(&first.message)
                )?;
                for more in reasons {
                    writeln!(
                        out,
                        "{:width$}  {:OUTCOME_WIDTH$}  {}: {}",
                        "",
                        "",
                        more.rule,
                        inert(&more.message)
                    )?;
                }
            }
        }
    }
    Ok(())
}
