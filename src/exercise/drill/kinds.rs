//! The registered drill kinds. Each line names a kind, its command-line name and the question
//! type that implements `Exercise`; the macro writes `DrillKind`, `Question`, `Answer` and the
//! matches that dispatch to the kind's module, so nothing else lists the kinds.

use super::events::EventsQuestion;
use super::exercise::{Exercise, Row, RowValue, practises};
use super::fix::FixQuestion;
use super::manifest_task::ManifestTask;
use super::predict::PredictQuestion;
use super::rollout::RolloutQuestion;
use super::scheduler::SchedulerQuestion;
use super::score::Graded;
use super::status::StatusQuestion;
use super::step::Step;
use super::write::WriteQuestion;
use super::{Drill, DrillError, RuleKey};
use crate::placement::objects::Pod;
use serde::Serialize;

macro_rules! register_kinds {
    ($( $(#[doc = $doc:literal])* $kind:ident = $name:literal => $question:ty ),+ $(,)?) => {
        /// The question a drill asks.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum,
        )]
        #[serde(rename_all = "kebab-case")]
        pub enum DrillKind {
            $( $(#[doc = $doc])* $kind, )+
        }

        impl DrillKind {
            pub const ALL: &'static [DrillKind] = &[$(DrillKind::$kind),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(DrillKind::$kind => $name,)+
                }
            }

            /// Can a drill of this kind have an item counted under `key`?
            pub fn scores(self, key: RuleKey) -> bool {
                match self {
                    $(DrillKind::$kind => practises(<$question as Exercise>::PRACTISES, key),)+
                }
            }

            /// One attempt at a drill of this kind.
            pub(super) fn attempt(self, step: &mut Step<'_>) -> Option<Drill> {
                match self {
                    $(DrillKind::$kind => {
                        let built = <$question as Exercise>::generate(step)?;
                        Some(step.finish(built, Question::$kind))
                    })+
                }
            }
        }

        /// The question and its expected answer, computed by the engine.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(tag = "kind", rename_all = "kebab-case")]
        pub enum Question {
            $($kind($question),)+
        }

        /// A learner's answer to any kind of drill.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(tag = "kind", content = "answer", rename_all = "kebab-case")]
        pub enum Answer {
            $($kind(<$question as Exercise>::Answer),)+
        }

        impl Answer {
            pub fn kind(&self) -> DrillKind {
                match self {
                    $(Answer::$kind(_) => DrillKind::$kind,)+
                }
            }
        }

        impl Question {
            pub fn kind(&self) -> DrillKind {
                match self {
                    $(Question::$kind(_) => DrillKind::$kind,)+
                }
            }

            pub fn expected(&self) -> Answer {
                match self {
                    $(Question::$kind(q) => Answer::$kind(Exercise::expected(q)),)+
                }
            }

            pub fn grade(&self, answer: &Answer) -> Result<Graded, DrillError> {
                match (self, answer) {
                    $((Question::$kind(q), Answer::$kind(a)) => Exercise::grade(q, a),)+
                    #[allow(unreachable_patterns)]
                    _ => Err(DrillError::WrongAnswerKind {
                        kind: self.kind().as_str(),
                        given: answer.kind().as_str(),
                    }),
                }
            }

            pub fn answer_items(&self) -> Graded {
                match self {
                    $(Question::$kind(q) => Exercise::answer_items(q),)+
                }
            }

            pub fn rows(&self) -> Vec<Row> {
                match self {
                    $(Question::$kind(q) => Exercise::rows(q),)+
                }
            }

            pub fn answer(&self, rows: &[Row], values: &[RowValue]) -> Answer {
                match self {
                    $(Question::$kind(q) => Answer::$kind(Exercise::answer(q, rows, values)),)+
                }
            }

            pub fn pods(&self) -> &[Pod] {
                match self {
                    $(Question::$kind(q) => Exercise::pods(q),)+
                }
            }

            pub fn task(&self) -> Option<&ManifestTask> {
                match self {
                    $(Question::$kind(q) => Exercise::task(q),)+
                }
            }
        }
    };
}

register_kinds! {
    /// Mark the nodes that get a pod (hard: give each node's outcome).
    Predict = "predict" => PredictQuestion,
    /// One event happens to a running DaemonSet: create, delete, keep or nothing per node.
    Events = "events" => EventsQuestion,
    /// Rolling-update budget, DaemonSet vs Deployment rounding, and validity.
    Rollout = "rollout" => RolloutQuestion,
    /// desiredNumberScheduled, currentNumberScheduled, numberMisscheduled.
    Status = "status" => StatusQuestion,
    /// The scheduler stage (§4): per node, the created pod runs, stays Pending (resources or a
    /// host port), or the controller creates none.
    Scheduler = "scheduler" => SchedulerQuestion,
    /// Write a DaemonSet for a goal in words, graded on hidden clusters too.
    Write = "write" => WriteQuestion,
    /// Fix a broken DaemonSet from its symptom, graded like a written one.
    Fix = "fix" => FixQuestion,
}
