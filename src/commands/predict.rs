use super::UsageError;
use super::style::{Paint, for_locale, inert, paint, write_out};
use crate::cli::{PredictArgs, PredictOutput};
use crate::placement::scheduler::Stage;
use crate::placement::{FeatureGates, Outcome};
use crate::predict::{
    DaemonSetResult, Input, InputBytes, Report, evaluate, evaluate_with_scheduler,
    read_daemonsets_from, read_nodes_from, read_pods,
};
use anyhow::{Context, Result, bail};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest manifest read: far above a 5,000-node cluster's `-o json` (~100 MB).
const MAX_INPUT: u64 = 1 << 30;

pub fn run(args: &PredictArgs, color: bool) -> Result<()> {
    let gates = FeatureGates::parse(&args.feature_gates)
        .map_err(|e| UsageError(format!("--feature-gates: {e}")))?;
    let stdin_readers = args
        .nodes
        .iter()
        .chain(&args.daemonset)
        .chain(&args.pods)
        .filter(|p| p.as_os_str() == "-")
        .count();
    if stdin_readers > 1 {
        return Err(UsageError(
            "only one of --nodes, --daemonset and --pods can read stdin (-)".into(),
        )
        .into());
    }
    let node_inputs = read_inputs(&args.nodes)?;
    let ds_inputs = read_inputs(&args.daemonset)?;
    let nodes = read_nodes_from(&node_inputs)?;
    // The nodes are all read: give the file back now (one buffer, one munmap) so the report and
    // its output are built beside the nodes alone, not beside the file too. Peak memory is then
    // the larger of file + nodes and nodes + report, not their sum.
    drop(node_inputs);
    let read = read_daemonsets_from(&ds_inputs, args.validate)?;
    let mut warnings = read.warnings;
    let daemonsets = read.objects;
    let report = if args.scheduler {
        let pods = match &args.pods {
            Some(path) => {
                let input = read_input(path)?;
                let read = read_pods(&input.name, &input.bytes, args.validate)?;
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
    // The taints column of `-o wide`, by node, in the report's order (the input order).
    let output = match (args.output, args.json) {
        (Some(o), _) => o,
        (None, true) => PredictOutput::Json,
        (None, false) => PredictOutput::Table,
    };
    let wide: Vec<String> = if output == PredictOutput::Wide {
        nodes.iter().map(node_conditions).collect()
    } else {
        Vec::new()
    };
    // The process ends right after printing. Freeing 5,000 nodes one allocation at a time
    // costs a few ms (examples/predict_phases) and gives nothing back, so they are left to the
    // OS.
    std::mem::forget((nodes, ds_inputs));
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
    match output {
        PredictOutput::Json => write_out(|out| {
            serde_json::to_writer(&mut *out, &report).map_err(io::Error::from)?;
            writeln!(out)
        }),
        PredictOutput::Yaml => {
            let text = serde_saphyr::to_string(&report).context("writing the report as YAML")?;
            write_out(|out| out.write_all(text.as_bytes()))
        }
        PredictOutput::Table => write_out(|out| write_table(out, &report, None, color)),
        PredictOutput::Wide => write_out(|out| write_table(out, &report, Some(&wide), color)),
    }
}

/// What `-o wide` adds per node: its taints (as `kubectl describe node` writes them) and
/// whether it is cordoned.
fn node_conditions(node: &crate::placement::objects::Node) -> String {
    let mut parts: Vec<String> = node
        .spec
        .taints
        .iter()
        .map(|t| inert(&t.to_string()))
        .collect();
    if node.spec.unschedulable {
        parts.push("cordoned".into());
    }
    if parts.is_empty() {
        "<none>".into()
    } else {
        parts.join(",")
    }
}

/// Every input the paths name: a file, stdin for `-`, or each *.yaml, *.yml and *.json file of
/// a folder in name order (as `kubectl apply -f DIR`, not descending into sub-folders). Text in
/// UTF-16 or UTF-32 with a byte-order mark is read as kubectl reads it.
fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            let name = path.display().to_string();
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read folder {name}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                bail!("{name}: a folder with no .yaml, .yml or .json file");
            }
            for file in files {
                inputs.push(read_input(&file)?);
            }
        } else {
            inputs.push(read_input(path)?);
        }
    }
    Ok(inputs)
}

/// Reads a file, or stdin for `-`, whole; the name is what errors will show.
pub(super) fn read_input(path: &Path) -> Result<Input> {
    let (name, bytes) = read_raw(path)?;
    // UTF-16 or UTF-32 (read or mapped) is decoded into a new buffer.
    let bytes = match crate::manifest::decode_bom(&bytes) {
        Some(utf8) => InputBytes::Read(utf8),
        None => bytes,
    };
    Ok(Input { name, bytes })
}

/// Files at least this large are mapped, not read: copying 60 MB of `kubectl get nodes` into a
/// fresh buffer faults in and fills 15,000 pages, a fifth of a large `predict`; a map reads the
/// page cache in place. Small files are read, where a map's setup costs more than the copy.
const MAP_FROM: u64 = 1 << 20;

fn read_raw(path: &Path) -> Result<(String, InputBytes)> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        check_size("<stdin>", bytes.len())?;
        return Ok(("<stdin>".to_owned(), InputBytes::Read(bytes)));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    // The size of a regular file (not a pipe or a device, whose size says nothing).
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(len) = size
        && (MAP_FROM..=MAX_INPUT).contains(&len)
    {
        // SAFETY: the map is read-only and private, and only read while `predict` runs. If
        // another program shrinks the file meanwhile, reading past its new end raises SIGBUS
        // and the command dies without output, as `rg --mmap` would; predict writes nothing,
        // so nothing is lost, and kubectl's output files are written once, then read.
        // `populate` faults the whole file in with one call instead of one fault per 64 KiB.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok((name, InputBytes::Mapped(Box::new(map))));
        }
        // A file system that cannot map (some FUSE and network mounts): read it.
    }
    // Sized up front: growing by doubling copies a 60 MB file twice over and, while the last
    // copy runs, holds both buffers (the peak memory of a large `predict`).
    if let Some(len) = size {
        bytes.reserve_exact(usize::try_from(len.min(MAX_INPUT) + 1).unwrap_or(0));
    }
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    check_size(&name, bytes.len())?;
    Ok((name, InputBytes::Read(bytes)))
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

/// `wide`: each node's taints and cordon, in the nodes' order, for `-o wide`.
fn write_table(
    out: &mut dyn Write,
    report: &Report,
    wide: Option<&[String]>,
    color: bool,
) -> io::Result<()> {
    for (i, r) in report.results.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_result(out, r, wide, color)?;
    }
    Ok(())
}

fn write_result(
    out: &mut dyn Write,
    r: &DaemonSetResult,
    wide: Option<&[String]>,
    color: bool,
) -> io::Result<()> {
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
        "{}: {} of {} {} a pod (desiredNumberScheduled {}){pending}",
        paint(&title, Paint::Bold, color),
        r.desired_number_scheduled,
        r.nodes.len(),
        match (r.nodes.len(), r.desired_number_scheduled) {
            (1, _) => "node gets",
            (_, 1) => "nodes gets",
            _ => "nodes get",
        },
        r.desired_number_scheduled
    )?;
    writeln!(out, "rollout: {}", for_locale(&inert(&r.rollout.summary)))?;
    for e in &r.validation_errors {
        writeln!(out, "invalid: {}", inert(e))?;
    }
    for n in &r.notes {
        writeln!(out, "note: {}", inert(n))?;
    }
    let names: Vec<String> = r.nodes.iter().map(|n| inert(&n.node)).collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    const OUTCOME_WIDTH: usize = 14;
    // -o wide: a TAINTS column after OUTCOME, as wide as its longest entry.
    let taints_width = wide.map_or(0, |w| {
        w.iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0)
            .max(6)
            + 2
    });
    let taints_of = |i: usize| -> String {
        wide.map_or(String::new(), |w| {
            format!("{:taints_width$}", w.get(i).map_or("", String::as_str))
        })
    };
    writeln!(
        out,
        "{:width$}  {:OUTCOME_WIDTH$}  {}REASONS",
        "NODE",
        "OUTCOME",
        if wide.is_some() {
            format!("{:taints_width$}", "TAINTS")
        } else {
            String::new()
        }
    )?;
    for (i, (name, n)) in names.iter().zip(&r.nodes).enumerate() {
        let taints = taints_of(i);
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
        // A pod that runs but will not stay (tolerationSeconds) says so beside `runs`.
        let mut reasons = reasons.iter().chain(&n.decision.cautions);
        match reasons.next() {
            None if wide.is_some() => {
                writeln!(out, "{name:width$}  {painted}  {}", taints.trim_end())?
            }
            None => writeln!(out, "{name:width$}  {}", painted.trim_end())?,
            Some(first) => {
                writeln!(
                    out,
                    "{name:width$}  {painted}  {taints}{}: {}",
                    first.rule,
                    inert(&first.message)
                )?;
                for more in reasons {
                    writeln!(
                        out,
                        "{:width$}  {:OUTCOME_WIDTH$}  {}{}: {}",
                        "",
                        "",
                        " ".repeat(taints_width),
                        more.rule,
                        inert(&more.message)
                    )?;
                }
            }
        }
    }
    Ok(())
}
