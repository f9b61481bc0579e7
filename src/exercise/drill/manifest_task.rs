//! What the write and fix drills share: a goal, the shown cluster and its hidden variants, the
//! starting manifest and the reference one, the table of nodes the task shows, and grading a
//! written manifest on every cluster.

use super::cluster::{
    CONTROL_PLANE, ClusterBuilder, GPU_PRESENT, KERNEL_MAJOR, OS, SPOT_LABEL, ZONE,
};
use super::clusters::{self, GoalCluster};
use super::exercise::{Row, RowInput, RowValue};
use super::goal::{Goal, Want};
use super::manifest_answer::{grade_on, read_answer};
use super::score::Graded;
use super::step::Step;
use super::text_table::render;
use super::{DrillError, RuleKey, node_limit, yaml};
use crate::placement::objects::{DaemonSet, Node};
use rand::seq::IndexedRandom;
use serde::Serialize;

/// The row a manifest drill is answered in.
pub const MANIFEST_ROW: &str = "manifest";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestTask {
    pub goal_template: Goal,
    /// The goal in words.
    pub goal: String,
    /// The shown cluster's nodes that must have a pod.
    pub expected: Vec<String>,
    /// The shown cluster first, then the hidden variants.
    pub clusters: Vec<GoalCluster>,
    /// The manifest the learner starts from, as text (a fix drill's may not even decode).
    pub starter: String,
    /// A reference DaemonSet that the grader accepts.
    pub solution: String,
}

impl ManifestTask {
    /// Draws a goal (weighted toward the focus rule) and its clusters; `None` when the shown
    /// cluster would not show what the goal is about.
    pub fn draw(step: &mut Step<'_>) -> Option<(ManifestTask, ClusterBuilder)> {
        let goals = Goal::for_difficulty(step.difficulty);
        let focus = step.focus;
        let goal = *goals
            .choose_weighted(step.rng, |g| {
                if focus.is_some_and(|f| g.rule_keys().contains(&f)) {
                    6
                } else {
                    1
                }
            })
            .ok()?;
        let shown = clusters::shown(step.rng, goal, step.difficulty);
        if shown.nodes.len() > node_limit(step.difficulty) {
            return None;
        }
        let all = clusters::all(step.rng, goal, &shown);
        let wants: Vec<Want> = all[0].wants.iter().map(|(_, w)| *w).collect();
        // The shown cluster must have a node that gets a pod and, unless the goal is every
        // node, one that gets none.
        let every = matches!(goal, Goal::StayThroughTrouble | Goal::NetworkAgent);
        if !wants.contains(&Want::Pod) || (!every && !wants.contains(&Want::NoPod)) {
            return None;
        }
        let solution = goal.solution();
        // The reference must pass everywhere: a goal whose words and rules disagreed would
        // teach the wrong thing, so such a draw is never shown (the tests check it never is).
        if !grade_on(&solution, &all).all_correct() {
            return None;
        }
        Some((
            ManifestTask {
                goal_template: goal,
                goal: goal.text(),
                expected: all[0].expected(),
                clusters: all,
                starter: String::new(),
                solution: yaml::daemonset_yaml(&solution),
            },
            shown,
        ))
    }

    /// The shown cluster's nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.clusters[0].nodes
    }

    /// Grades a written manifest: refused with the API server's reasons, or per node of
    /// every cluster.
    pub fn grade(&self, text: &str) -> Result<Graded, DrillError> {
        let ds = read_answer(text).map_err(DrillError::Refused)?;
        Ok(grade_on(&ds, &self.clusters))
    }

    /// Would the manifest pass on every cluster?
    pub fn accepts(&self, ds: &DaemonSet) -> bool {
        grade_on(ds, &self.clusters).all_correct()
    }

    pub fn rows() -> Vec<Row> {
        vec![Row::new(MANIFEST_ROW, RowInput::Manifest)]
    }

    pub fn answer(values: &[RowValue]) -> String {
        match values.first() {
            Some(RowValue::Manifest(text)) => text.clone(),
            _ => String::new(),
        }
    }

    /// The rules these drills score: every placement rule a node of the clusters can be
    /// decided by.
    pub fn practises(key: RuleKey) -> bool {
        key.practice() == super::Practice::Placement
    }
}

/// The cluster as the task shows it: `kubectl get nodes -L` with the labels the goal speaks
/// of, then each node's taints as `kubectl describe node` prints them.
pub fn cluster_text(goal: Goal, nodes: &[Node]) -> String {
    let mut keys = vec![OS];
    match goal {
        Goal::LinuxOnly | Goal::ControlPlaneOnly | Goal::StayThroughTrouble => {}
        Goal::GpuOnly => keys.push(GPU_PRESENT),
        Goal::LinuxExceptSpot | Goal::IncludingSpot => keys.push(SPOT_LABEL),
        Goal::OutsideZone => keys.push(ZONE),
        Goal::NetworkAgent => {}
        Goal::NewKernels => keys.extend([SPOT_LABEL, KERNEL_MAJOR]),
    }
    let mut rows: Vec<Vec<String>> = vec![
        ["NAME", "STATUS", "ROLES"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain(
                keys.iter()
                    .map(|k| k.rsplit('/').next().unwrap_or(k).to_ascii_uppercase()),
            )
            .collect(),
    ];
    for n in nodes {
        let mut status = match n.condition("Ready") {
            Some("True") => "Ready".to_owned(),
            _ => "NotReady".to_owned(),
        };
        if n.spec.unschedulable {
            status.push_str(",SchedulingDisabled");
        }
        let roles = if n.metadata.labels.contains_key(CONTROL_PLANE) {
            "control-plane"
        } else {
            "<none>"
        };
        let mut row = vec![n.name().to_owned(), status, roles.to_owned()];
        row.extend(
            keys.iter()
                .map(|k| n.metadata.labels.get(k).unwrap_or_default().to_owned()),
        );
        rows.push(row);
    }
    let mut out = format!("$ kubectl get nodes -L {}\n", keys.join(","));
    out.push_str(&render(&rows, &[], 3));
    out.push_str("\n$ kubectl describe nodes | grep -E '^(Name|Taints):'\n");
    for n in nodes {
        out.push_str(&format!("Name:    {}\n", n.name()));
        if n.spec.taints.is_empty() {
            out.push_str("Taints:  <none>\n");
        }
        for (i, t) in n.spec.taints.iter().enumerate() {
            let head = if i == 0 { "Taints:  " } else { "         " };
            out.push_str(&format!("{head}{t}\n"));
        }
    }
    out
}
