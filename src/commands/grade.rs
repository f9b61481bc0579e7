//! `kubedrill grade FILE --kind write|fix --difficulty D --seed S`: grades a manifest written
//! in any editor for the drill `kubedrill drill --print` gave, on the shown cluster and the
//! hidden ones, and adds the result to the drill statistics.

use super::data::open_store;
use super::predict::read_input;
use super::style::write_out;
use crate::cli::GradeArgs;
use crate::exercise::drill::{Drill, DrillError, Graded, ItemResult, ManifestProblem};
use crate::store::{DrillResult, now_ms};
use anyhow::{Result, bail};
use serde_json::json;
use std::path::Path;

pub fn run(args: &GradeArgs, data: Option<&Path>) -> Result<()> {
    let input = read_input(&args.file)?;
    let Ok(text) = String::from_utf8(input.bytes.into_vec()) else {
        bail!(
            "{}: not UTF-8 text; expected a YAML or JSON manifest",
            input.name
        );
    };
    let drill = Drill::generate(args.seed, args.difficulty, args.kind.drill_kind(), None);
    let Some(task) = drill.task() else {
        bail!("a {} drill is not answered with a manifest", drill.kind);
    };
    match task.grade(&text) {
        Ok(graded) => {
            if !args.no_record {
                record(&drill, &graded, data)?;
            }
            if args.json {
                print_json(true, &graded, &[], &drill)
            } else {
                print_verdict(&graded, &drill)
            }
        }
        Err(DrillError::Refused(problems)) => {
            if args.json {
                print_json(false, &Graded::default(), &problems, &drill)?;
            }
            let lines: Vec<String> = problems
                .iter()
                .map(|p| match (p.line, p.column) {
                    (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", input.name, p.message),
                    (Some(l), None) => format!("{}:{l}: {}", input.name, p.message),
                    _ => format!("{}: {}", input.name, p.message),
                })
                .collect();
            let count = match problems.len() {
                1 => "1 problem".to_owned(),
                n => format!("{n} problems"),
            };
            bail!(
                "{}: the API server would refuse this manifest ({count}), so it is not graded:\n{}",
                input.name,
                lines.join("\n")
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The result goes to the drill log like a drill answered in the app.
fn record(drill: &Drill, graded: &Graded, data: Option<&Path>) -> Result<()> {
    let mut store = open_store(data)?;
    store.record_drill(&DrillResult {
        at_ms: now_ms(),
        seed: drill.seed,
        difficulty: drill.difficulty.as_str().into(),
        kind: drill.kind.as_str().into(),
        rule_hits: graded.score().per_rule,
        other_rules: Default::default(),
    })?;
    Ok(())
}

/// The items of each cluster, in the order the drill has its clusters.
fn by_cluster<'a>(
    graded: &'a Graded,
    drill: &'a Drill,
) -> Vec<(&'a str, &'a str, Vec<&'a ItemResult>)> {
    let Some(task) = drill.task() else {
        return Vec::new();
    };
    task.clusters
        .iter()
        .map(|c| {
            let items = graded
                .items
                .iter()
                .filter(|i| i.cluster.as_deref() == Some(c.name.as_str()))
                .collect();
            (c.name.as_str(), c.about.as_str(), items)
        })
        .collect()
}

fn print_json(
    readable: bool,
    graded: &Graded,
    problems: &[ManifestProblem],
    drill: &Drill,
) -> Result<()> {
    let clusters: Vec<serde_json::Value> = by_cluster(graded, drill)
        .into_iter()
        .filter(|(_, _, items)| !items.is_empty())
        .map(|(name, about, items)| {
            json!({
                "name": name,
                "about": about,
                "nodes": items.iter().map(|i| json!({
                    "node": i.item,
                    "expected": i.expected,
                    "got": i.given,
                    "correct": i.correct,
                    "reason": i.reason,
                    "rule": i.rule,
                    "ruleId": i.rule_id,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "correct": readable && graded.all_correct(),
        "errors": problems,
        "clusters": clusters,
        "score": graded.score(),
    });
    write_out(|out| {
        serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
        writeln!(out)
    })
}

fn print_verdict(graded: &Graded, drill: &Drill) -> Result<()> {
    let mut text = String::new();
    let score = graded.score();
    for (name, about, items) in by_cluster(graded, drill) {
        let right = items.iter().filter(|i| i.correct).count();
        text.push_str(&format!(
            "{name} cluster ({about}): {right}/{} nodes right\n",
            items.len()
        ));
        let width = items.iter().map(|i| i.item.len()).max().unwrap_or(4);
        for i in items {
            let mark = if i.correct { "✓" } else { "✗" };
            let got = if i.correct {
                i.given.clone()
            } else {
                format!("{} (wanted: {})", i.given, i.expected)
            };
            text.push_str(&format!(
                "  {mark} {:<width$}  {got}  [{}, {}] {}\n",
                i.item,
                i.rule.title(),
                i.rule_id,
                i.reason
            ));
        }
        text.push('\n');
    }
    text.push_str(&if graded.all_correct() {
        format!(
            "correct: {}/{} nodes on {} clusters do what the goal asks\n",
            score.right,
            score.total,
            drill.task().map_or(0, |t| t.clusters.len())
        )
    } else {
        format!(
            "not yet: {}/{} nodes right; the ✗ lines say what the engine decided and why\n",
            score.right, score.total
        )
    });
    write_out(|out| write!(out, "{text}"))
}
