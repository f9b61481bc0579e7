//! "Predict which nodes get a pod" drills: a seeded generator of realistic clusters and
//! DaemonSets, questions of four kinds, and grading by the placement engine. Pure: the caller
//! passes the seed; the same (seed, difficulty, kind, focus) always gives the same drill. The
//! expected answers are never written by hand: they are what `CompiledDaemonSet::decide`,
//! `placement::rollout` and `placement::validation` say.

pub mod cluster;
mod clusters;
pub mod daemonsets;
pub mod events;
mod exercise;
mod fix;
mod generate;
mod goal;
mod kinds;
mod manifest_answer;
mod manifest_task;
pub mod predict;
pub mod rollout;
mod rule_key;
mod scene;
pub mod scheduler;
pub mod score;
pub mod status;
mod step;
mod text_table;
mod write;
mod yaml;

pub use clusters::GoalCluster;
pub use events::{Event, EventAction, EventsQuestion, NodeEvent};
pub use exercise::{Row, RowInput, RowValue};
pub use fix::{Breakage, FixQuestion};
pub use generate::{generate, node_limit};
pub use goal::{Goal, Want};
pub use kinds::{Answer, DrillKind, Question};
pub use manifest_answer::{ManifestProblem, grade_on, read_answer};
pub use manifest_task::ManifestTask;
pub use predict::{NodeExpectation, PredictAnswer, PredictDetail, PredictQuestion};
pub use rollout::{DeploymentContrast, RolloutAnswer, RolloutQuestion};
pub use rule_key::{Practice, RuleKey, UnknownRule};
pub use scheduler::{SchedulerNode, SchedulerOutcome, SchedulerQuestion};
pub use score::{DrillScore, Graded, ItemResult};
pub use status::{StatusAnswer, StatusQuestion};
pub use write::WriteQuestion;

use crate::placement::FeatureGates;
use crate::placement::objects::{DaemonSet, Node, Pod};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use thiserror::Error;

/// Drills evaluate with the feature gates Kubernetes ships: `TaintTolerationComparisonOperators`
/// off, so `Gt`/`Lt` tolerations match nothing (R5.3, trap 22).
pub fn gates() -> FeatureGates {
    FeatureGates::default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
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

impl DrillKind {
    /// The first kind (in registration order) that practises a rule: rollout and status keys
    /// have their own kinds, every placement key is practised by `Predict`.
    pub fn for_rule(key: RuleKey) -> DrillKind {
        DrillKind::ALL
            .iter()
            .copied()
            .find(|k| k.scores(key))
            .unwrap_or(DrillKind::Predict)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DrillError {
    /// The manifest would be refused by the API server, for these reasons.
    #[error("the API server would refuse this manifest:\n{}", list(.0))]
    Refused(Vec<ManifestProblem>),
    #[error("a {given} answer does not fit a {kind} drill")]
    WrongAnswerKind {
        kind: &'static str,
        given: &'static str,
    },
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

/// One generated drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drill {
    pub seed: u64,
    pub difficulty: Difficulty,
    pub kind: DrillKind,
    /// The rule the drill was biased toward, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<RuleKey>,
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
        focus: Option<RuleKey>,
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
        self.question.pods()
    }

    /// The pods as a multi-document YAML stream of `v1 Pod` objects ("" when there are none).
    pub fn pods_yaml(&self) -> String {
        yaml::pods_yaml(self.pods())
    }

    /// The engine's answer, in the shape the question asks for.
    pub fn expected_answer(&self) -> Answer {
        self.question.expected()
    }

    /// Grades an answer per item, with the deciding rule and the engine's reason.
    pub fn grade(&self, answer: &Answer) -> Result<Graded, DrillError> {
        self.question.grade(answer)
    }

    /// The items with their expected answers and reasons: the expected answer graded.
    pub fn answer_items(&self) -> Vec<ItemResult> {
        self.question.answer_items().items
    }

    /// The rows the learner answers.
    pub fn rows(&self) -> Vec<Row> {
        self.question.rows()
    }

    /// The answer the rows' values make.
    pub fn answer(&self, rows: &[Row], values: &[RowValue]) -> Answer {
        self.question.answer(rows, values)
    }

    /// The write or fix task: goal, clusters, starting and reference manifests.
    pub fn task(&self) -> Option<&ManifestTask> {
        self.question.task()
    }

    /// Every rule this drill scores.
    pub fn rule_keys(&self) -> BTreeSet<RuleKey> {
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
                i.rule.title(),
                i.rule_id,
                i.reason
            ));
        }
        out
    }
}

/// A name that is not a difficulty or a drill kind.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {what} {given:?} (expected {expected})")]
pub struct UnknownName {
    what: &'static str,
    given: String,
    expected: String,
}

/// Parses a name through clap's `ValueEnum` names, so the command line and this agree.
fn parse_value<T: clap::ValueEnum>(what: &'static str, s: &str) -> Result<T, UnknownName> {
    T::from_str(s.trim(), true).map_err(|_| UnknownName {
        what,
        given: s.to_owned(),
        expected: T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

impl std::str::FromStr for Difficulty {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Difficulty, UnknownName> {
        parse_value("difficulty", s)
    }
}

impl std::str::FromStr for DrillKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<DrillKind, UnknownName> {
        parse_value("drill kind", s)
    }
}

fn list(problems: &[ManifestProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
