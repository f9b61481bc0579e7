//! Grading a DaemonSet the learner wrote: read it as the API server would (strict decoding, then
//! the API's validation, every problem with its line in the learner's file), then decide every
//! node of every cluster with the engine and compare with what the goal asks. Pure: the text
//! comes in, a verdict goes out.

use super::clusters::GoalCluster;
use super::gates;
use super::goal::Want;
use super::predict::{NodeExpectation, expectations};
use super::score::{Graded, ItemResult};
use crate::manifest;
use crate::manifest::strict;
use crate::placement::objects::DaemonSet;
use crate::placement::validation::validate_daemonset;
use serde::Serialize;
use std::fmt;

/// One reason the API server would refuse the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestProblem {
    /// 1-based, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ManifestProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn problem(
    line: Option<usize>,
    column: Option<usize>,
    message: impl Into<String>,
) -> ManifestProblem {
    ManifestProblem {
        line,
        column,
        message: message.into(),
    }
}

/// The DaemonSet in `text`, or everything the API server would refuse in it.
pub fn read_answer(text: &str) -> Result<DaemonSet, Vec<ManifestProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    if body.is_empty() {
        return Err(vec![problem(
            None,
            None,
            "the file holds no manifest yet: write the DaemonSet (apiVersion: apps/v1, kind: DaemonSet)",
        )]);
    }
    let found = strict::check(text);
    if !found.is_empty() {
        return Err(found
            .into_iter()
            .map(|f| {
                problem(
                    Some(f.problem.at.line),
                    Some(f.problem.at.column),
                    f.problem.to_string(),
                )
            })
            .collect());
    }
    let parsed = manifest::parse_objects("answer", text.as_bytes()).map_err(|e| {
        let (line, column) = match &e {
            manifest::ManifestError::Syntax { line, column, .. } => {
                (Some(*line as usize), Some(*column as usize))
            }
            _ => (None, None),
        };
        // The message without the "answer:L:C: " the reader puts in front.
        let full = e.to_string();
        let message = full
            .strip_prefix("answer:")
            .map(|rest| {
                rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':')
                    .trim_start()
                    .to_owned()
            })
            .unwrap_or(full);
        vec![problem(line, column, message)]
    })?;
    let mut daemonsets = parsed.daemonsets;
    match daemonsets.len() {
        0 => {
            let others = if parsed.skipped.is_empty() {
                String::new()
            } else {
                format!(" (it holds {})", parsed.skipped.join(", "))
            };
            return Err(vec![problem(
                None,
                None,
                format!(
                    "no DaemonSet in the file{others}: the task asks for one object with apiVersion: apps/v1 and kind: DaemonSet"
                ),
            )]);
        }
        1 => {}
        n => {
            return Err(vec![problem(
                None,
                None,
                format!("the file holds {n} DaemonSets: the task asks for one"),
            )]);
        }
    }
    let ds = daemonsets.remove(0);
    let invalid = validate_daemonset(&ds, gates());
    if !invalid.is_empty() {
        return Err(invalid
            .into_iter()
            .map(|e| {
                let at = strict::position_of(text, &e.path);
                problem(at.map(|p| p.line), at.map(|p| p.column), format!("{e}"))
            })
            .collect());
    }
    Ok(ds)
}

/// What the learner's DaemonSet does on a node, in the goal's terms.
fn got(exp: &NodeExpectation) -> (&'static str, bool, bool) {
    let d = &exp.decision;
    let settled = d.cautions.is_empty();
    let text = match (d.should_run, d.should_continue_running) {
        (true, _) if settled => "pod",
        (true, _) => "pod, evicted and recreated again and again",
        (false, true) => "no new pod; a running one stays",
        (false, false) => "no pod",
    };
    (
        text,
        d.should_run && settled,
        d.should_continue_running && settled,
    )
}

/// Grades the DaemonSet on every cluster: per node, what the goal asks, what the engine says
/// the DaemonSet does, and the rule that decided it.
pub fn grade_on(ds: &DaemonSet, clusters: &[GoalCluster]) -> Graded {
    let mut items = Vec::new();
    for cluster in clusters {
        let exps = expectations(ds, &cluster.nodes, gates());
        for (exp, (name, want)) in exps.iter().zip(&cluster.wants) {
            let (given, runs, stays) = got(exp);
            let correct = match want {
                Want::Pod => runs,
                Want::NoPod => !exp.decision.should_run,
                Want::Keeps => stays,
            };
            let mut reason = exp.reason_text();
            for c in &exp.decision.cautions {
                reason.push_str("; ");
                reason.push_str(&c.message);
            }
            items.push(ItemResult {
                item: name.clone(),
                cluster: Some(cluster.name.clone()),
                correct,
                expected: want.as_str().to_owned(),
                given: given.to_owned(),
                rule: exp.rule,
                rule_id: exp.rule_id.clone(),
                reason,
            });
        }
    }
    Graded { items }
}
