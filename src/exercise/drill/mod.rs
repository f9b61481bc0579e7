//! "Predict which nodes get a pod" drills: a seeded generator of realistic clusters and
//! DaemonSets, questions of four kinds, and grading by the placement engine. Pure: the caller
//! passes the seed; the same (seed, difficulty, kind, focus) always gives the same drill. The
//! expected answers are never written by hand: they are what `CompiledDaemonSet::decide`,
//! `placement::rollout` and `placement::validation` say.

pub mod cluster;
pub mod daemonsets;
pub mod events;
mod generate;
pub mod predict;
pub mod rollout;
mod scene;
pub mod scheduler;
pub mod score;
pub mod status;
mod yaml;

pub use events::{Event, EventAction, EventsQuestion, NodeEvent};
pub use generate::{can_score, generate, node_limit};
pub use predict::{NodeExpectation, PredictAnswer, PredictDetail, PredictQuestion};
pub use rollout::{DeploymentContrast, RolloutAnswer, RolloutQuestion};
pub use scheduler::{SchedulerNode, SchedulerOutcome, SchedulerQuestion};
pub use score::{DrillScore, Graded, ItemResult, RULE_KEYS, rule_title};
pub use status::{StatusAnswer, StatusQuestion};

use crate::placement::FeatureGates;
use crate::placement::objects::{DaemonSet, Node, Pod};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Drills evaluate with the feature gates Kubernetes ships: `TaintTolerationComparisonOperators`
/// off, so `Gt`/`Lt` tolerations match nothing (R5.3, trap 22).
pub fn gates() -> FeatureGates {
    FeatureGates::default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    /// At most 4 nodes; one rule decides.
    Easy,
    /// At most 8 nodes; two or three rules.
    Medium,
    /// At most 12 nodes; the traps of placement-spec §9.
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// The question a drill asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DrillKind {
    /// Mark the nodes that get a pod (hard: give each node's outcome).
    Predict,
    /// One event happens to a running DaemonSet: create, delete, keep or nothing per node.
    Events,
    /// Rolling-update budget, DaemonSet vs Deployment rounding, and validity.
    Rollout,
    /// desiredNumberScheduled, currentNumberScheduled, numberMisscheduled.
    Status,
    /// The scheduler stage (§4): per node, the created pod runs, stays Pending (resources or a
    /// host port), or the controller creates none.
    Scheduler,
}

impl DrillKind {
    pub const ALL: [DrillKind; 5] = [
        DrillKind::Predict,
        DrillKind::Events,
        DrillKind::Rollout,
        DrillKind::Status,
        DrillKind::Scheduler,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DrillKind::Predict => "predict",
            DrillKind::Events => "events",
            DrillKind::Rollout => "rollout",
            DrillKind::Status => "status",
            DrillKind::Scheduler => "scheduler",
        }
    }

    /// The kind that practises a rule key: rollout and status keys have their own kinds; every
    /// placement key is practised by `Predict`.
    pub fn for_rule(key: &str) -> DrillKind {
        if key.starts_with("rollout-") || key == score::DEPLOYMENT_ROUNDING {
            DrillKind::Rollout
        } else if key.starts_with("status-") {
            DrillKind::Status
        } else if key == score::INSUFFICIENT_RESOURCE || key == score::HOST_PORT_CONFLICT {
            DrillKind::Scheduler
        } else {
            DrillKind::Predict
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DrillError {
    #[error("unknown difficulty {0:?} (expected easy, medium or hard)")]
    UnknownDifficulty(String),
    #[error("unknown drill kind {0:?} (expected predict, events, rollout, status or scheduler)")]
    UnknownKind(String),
    #[error("a {given} answer does not fit a {kind} drill")]
    WrongAnswerKind {
        kind: &'static str,
        given: &'static str,
    },
}

impl FromStr for Difficulty {
    type Err = DrillError;
    fn from_str(s: &str) -> Result<Self, DrillError> {
        Difficulty::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| DrillError::UnknownDifficulty(s.to_owned()))
    }
}

impl FromStr for DrillKind {
    type Err = DrillError;
    fn from_str(s: &str) -> Result<Self, DrillError> {
        DrillKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| DrillError::UnknownKind(s.to_owned()))
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for DrillKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The question and its expected answer, computed by the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Question {
    Predict(PredictQuestion),
    Events(Box<EventsQuestion>),
    Rollout(RolloutQuestion),
    Status(StatusQuestion),
    Scheduler(SchedulerQuestion),
}

/// A learner's answer to any kind of drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "answer", rename_all = "kebab-case")]
pub enum Answer {
    Predict(PredictAnswer),
    Events(BTreeMap<String, EventAction>),
    Rollout(RolloutAnswer),
    Status(StatusAnswer),
    /// An outcome per node; a node left out counts as wrong.
    Scheduler(BTreeMap<String, SchedulerOutcome>),
}

impl Answer {
    fn kind_name(&self) -> &'static str {
        match self {
            Answer::Predict(_) => "predict",
            Answer::Events(_) => "events",
            Answer::Rollout(_) => "rollout",
            Answer::Status(_) => "status",
            Answer::Scheduler(_) => "scheduler",
        }
    }
}

/// One generated drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drill {
    pub seed: u64,
    pub difficulty: Difficulty,
    pub kind: DrillKind,
    /// The rule key the drill was biased toward, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    pub title: String,
    pub prompt: String,
    /// The cluster (before the event, for events drills). Empty for rollout drills that give
    /// the desired count directly.
    pub nodes: Vec<Node>,
    pub daemonset: DaemonSet,
    /// Set when every node gets a pod, or none does, on purpose: that is the lesson.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trap: Option<String>,
    pub question: Question,
}

impl Drill {
    /// Same as [`generate`].
    pub fn generate(
        seed: u64,
        difficulty: Difficulty,
        kind: DrillKind,
        focus: Option<&str>,
    ) -> Drill {
        generate(seed, difficulty, kind, focus)
    }

    pub fn nodes_yaml(&self) -> String {
        yaml::nodes_yaml(&self.nodes)
    }

    pub fn daemonset_yaml(&self) -> String {
        yaml::daemonset_yaml(&self.daemonset)
    }

    /// The pods already in the cluster (scheduler drills; empty for the other kinds).
    pub fn pods(&self) -> &[Pod] {
        match &self.question {
            Question::Scheduler(q) => &q.pods,
            _ => &[],
        }
    }

    /// The pods as a multi-document YAML stream of `v1 Pod` objects ("" when there are none).
    pub fn pods_yaml(&self) -> String {
        yaml::pods_yaml(self.pods())
    }

    /// The engine's answer, in the shape the question asks for.
    pub fn expected_answer(&self) -> Answer {
        match &self.question {
            Question::Predict(q) => Answer::Predict(q.expected()),
            Question::Events(q) => Answer::Events(q.expected()),
            Question::Rollout(q) => Answer::Rollout(q.expected()),
            Question::Status(q) => Answer::Status(q.expected()),
            Question::Scheduler(q) => Answer::Scheduler(q.expected()),
        }
    }

    /// Grades an answer per item, with the deciding rule and the engine's reason.
    pub fn grade(&self, answer: &Answer) -> Result<Graded, DrillError> {
        match (&self.question, answer) {
            (Question::Predict(q), Answer::Predict(a)) => Ok(q.grade(a)),
            (Question::Events(q), Answer::Events(a)) => Ok(q.grade(a)),
            (Question::Rollout(q), Answer::Rollout(a)) => Ok(q.grade(a)),
            (Question::Status(q), Answer::Status(a)) => Ok(q.grade(a)),
            (Question::Scheduler(q), Answer::Scheduler(a)) => Ok(q.grade(a)),
            _ => Err(DrillError::WrongAnswerKind {
                kind: self.kind.as_str(),
                given: answer.kind_name(),
            }),
        }
    }

    /// The items with their expected answers and reasons: the expected answer graded.
    pub fn answer_items(&self) -> Vec<ItemResult> {
        match &self.question {
            Question::Predict(q) => q.grade(&q.expected()).items,
            Question::Events(q) => q.grade(&q.expected()).items,
            Question::Rollout(q) => q.grade(&q.expected()).items,
            Question::Status(q) => q.grade(&q.expected()).items,
            Question::Scheduler(q) => q.grade(&q.expected()).items,
        }
    }

    /// Every rule key this drill scores.
    pub fn rule_keys(&self) -> BTreeSet<String> {
        self.answer_items().into_iter().map(|i| i.rule).collect()
    }

    /// The answer as plain text, for `kubedrill drill --print`: each node or sub-question, the
    /// engine's answer, the deciding rule and the reason.
    pub fn answer_text(&self) -> String {
        let items = self.answer_items();
        let width = items.iter().map(|i| i.item.len()).max().unwrap_or(0);
        let answer_width = items.iter().map(|i| i.expected.len()).max().unwrap_or(0);
        let mut out = format!(
            "{} (seed {}, {}, {})\n",
            self.title, self.seed, self.difficulty, self.kind
        );
        if let Some(trap) = &self.trap {
            out.push_str(&format!("trap: {trap}\n"));
        }
        for i in &items {
            out.push_str(&format!(
                "{:<width$}  {:<answer_width$}  [{}, {}] {}\n",
                i.item,
                i.expected,
                rule_title(&i.rule),
                i.rule_id,
                i.reason
            ));
        }
        out
    }
}
