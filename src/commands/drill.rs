//! `kubedrill drill`: play drills in the terminal app, or print one (`--print`) as YAML you
//! could `kubectl apply`, with the engine's answer.

use super::data::open_store;
use super::style::write_out;
use crate::cli::DrillArgs;
use crate::exercise::drill::Drill;
use crate::stats::weakest_rule;
use crate::tui::Start;
use crate::tui::screens::drill::DrillOptions;
use anyhow::Result;
use std::path::Path;

/// The drill options from the command line; `--weakest` reads the drill results.
pub fn options(args: &DrillArgs, data: Option<&Path>) -> Result<DrillOptions> {
    let mut focus = args.focus;
    if args.weakest {
        // Only the drill results are needed: no decks, no replay of the review log.
        let drills = open_store(data)?.drill_results()?;
        focus = weakest_rule(&drills).map(|r| r.rule);
        if focus.is_none() {
            eprintln!(
                "kubedrill: no drill has missed anything yet, so there is no weakest rule: drilling without a focus"
            );
        }
    }
    Ok(DrillOptions {
        difficulty: args.difficulty,
        kind: args.kind,
        seed: args.seed.unwrap_or_else(super::tui::session_seed),
        focus,
    })
}

pub fn run(
    args: &DrillArgs,
    data: Option<&Path>,
    open: impl FnOnce(Start) -> Result<()>,
) -> Result<()> {
    let opts = options(args, data)?;
    if !args.print {
        return open(Start::Drill(opts));
    }
    let drill = Drill::generate(opts.seed, opts.difficulty, opts.kind_for(0), opts.focus);
    if args.json {
        let mut value = serde_json::json!({
            "drill": drill,
            "nodesYaml": drill.nodes_yaml(),
            "daemonsetYaml": drill.daemonset_yaml(),
            "podsYaml": drill.pods_yaml(),
            "answer": drill.answer_items(),
        });
        if let Some(task) = drill.task() {
            value["starterYaml"] = task.starter.clone().into();
            value["solution"] = task.solution.clone().into();
        }
        return write_out(|out| {
            serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
            writeln!(out)
        });
    }
    write_out(|out| write!(out, "{}", printed(&drill)))
}

/// The drill as one YAML stream: the question and the answer as comments, the nodes, the pods
/// (scheduler drills) and the DaemonSet as documents.
pub fn printed(drill: &Drill) -> String {
    if let Some(task) = drill.task() {
        return printed_task(drill, &task.starter);
    }
    let mut out = comment(&format!(
        "{}\nseed {}, {}, {} — replay: kubedrill drill --seed {} --difficulty {} --kind {}",
        drill.title,
        drill.seed,
        drill.difficulty,
        drill.kind,
        drill.seed,
        drill.difficulty,
        drill.kind
    ));
    out.push_str("#\n");
    out.push_str(&comment(&drill.prompt));
    if !drill.nodes.is_empty() {
        out.push_str("---\n");
        out.push_str(&drill.nodes_yaml());
    }
    // Scheduler drills: the pods already bound to the nodes (`predict --scheduler --pods`).
    if !drill.pods().is_empty() {
        out.push_str("---\n");
        out.push_str(&drill.pods_yaml());
    }
    out.push_str("---\n");
    out.push_str(&drill.daemonset_yaml());
    out.push_str("# Answer (from the placement engine):\n");
    out.push_str(&comment(&drill.answer_text()));
    out
}

/// Text as YAML comments, blank lines kept as `#`.
fn comment(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {l}\n")
            }
        })
        .collect()
}

/// A write or fix drill as the file the learner edits: the task as comments, then the starting
/// manifest. No answer: `kubedrill grade` checks the file.
fn printed_task(drill: &Drill, starter: &str) -> String {
    let replay = format!(
        "--kind {} --difficulty {} --seed {}",
        drill.kind, drill.difficulty, drill.seed
    );
    let mut out = comment(&format!(
        "{} (seed {}, {}, {})\n\n{}\n\nWhen it is done: kubedrill grade THIS-FILE {replay}",
        drill.title, drill.seed, drill.difficulty, drill.kind, drill.prompt
    ));
    out.push_str("---\n");
    out.push_str(starter);
    out
}
