//! Status questions: `desiredNumberScheduled`, `currentNumberScheduled` and
//! `numberMisscheduled` for a cluster and the daemon pods on it right now (placement-spec §7).
//! `updateDaemonSetStatus` reads only shouldRun and "has a pod", so the counts come straight
//! from the engine's decisions.

use super::exercise::{Exercise, Row, RowInput, RowValue, value_of};
use super::predict::{NodeExpectation, expectations};
use super::rule_key::Practice;
use super::scene::Scene;
use super::score::{Graded, ItemResult};
use super::step::{Built, Step, ds_ref, mixed_or_trap, nodes_table};
use super::{Difficulty, DrillError, RuleKey, gates};
use crate::placement::Outcome;
use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusQuestion {
    /// Nodes that have a daemon pod right now (Pending pods count, R9).
    pub pods: BTreeSet<String>,
    pub nodes: Vec<NodeExpectation>,
    pub desired: u32,
    pub current: u32,
    pub misscheduled: u32,
}

/// The learner's three numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusAnswer {
    pub desired: u32,
    pub current: u32,
    pub misscheduled: u32,
}

/// Which nodes have a pod right now. A snapshot between syncs: most eligible nodes have one (a
/// node that just became eligible may not yet); a pod started before a NoSchedule taint stays
/// (R3.4, trap 4); and, in medium and hard drills, a pod on a node that stopped qualifying a
/// moment ago has not been deleted yet.
pub fn draw_pods(
    rng: &mut StdRng,
    difficulty: Difficulty,
    nodes: &[NodeExpectation],
) -> BTreeSet<String> {
    nodes
        .iter()
        .filter(|n| {
            let p = match (n.decision.outcome, difficulty) {
                (Outcome::Runs, _) => 0.8,
                (Outcome::KeepsExisting, Difficulty::Easy) => 0.5,
                (Outcome::KeepsExisting, _) => 0.7,
                (_, Difficulty::Easy) => 0.0,
                (_, _) => 0.25,
            };
            rng.random_bool(p)
        })
        .map(|n| n.node.clone())
        .collect()
}

impl StatusQuestion {
    /// Counts per §7 from the engine's shouldRun and the pods.
    pub fn new(nodes: Vec<NodeExpectation>, pods: BTreeSet<String>) -> Self {
        let count = |f: &dyn Fn(&NodeExpectation) -> bool| {
            u32::try_from(nodes.iter().filter(|n| f(n)).count()).unwrap_or(u32::MAX)
        };
        let desired = count(&|n| n.decision.should_run);
        let current = count(&|n| n.decision.should_run && pods.contains(&n.node));
        let misscheduled = count(&|n| !n.decision.should_run && pods.contains(&n.node));
        StatusQuestion {
            pods,
            nodes,
            desired,
            current,
            misscheduled,
        }
    }

    pub fn expected(&self) -> StatusAnswer {
        StatusAnswer {
            desired: self.desired,
            current: self.current,
            misscheduled: self.misscheduled,
        }
    }

    fn names(&self, f: impl Fn(&NodeExpectation) -> bool) -> String {
        let v: Vec<&str> = self
            .nodes
            .iter()
            .filter(|n| f(n))
            .map(|n| n.node.as_str())
            .collect();
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    }

    pub fn grade(&self, answer: &StatusAnswer) -> Graded {
        let has = |n: &NodeExpectation| self.pods.contains(&n.node);
        let kept = self.names(|n| n.decision.outcome == Outcome::KeepsExisting && has(n));
        let item = |name: &str, want: u32, got: u32, rule: RuleKey, reason: String| ItemResult {
            item: name.into(),
            cluster: None,
            correct: want == got,
            expected: want.to_string(),
            given: got.to_string(),
            rule,
            rule_id: "§7".into(),
            reason,
        };
        let items = vec![
            item(
                "desiredNumberScheduled",
                self.desired,
                answer.desired,
                RuleKey::StatusDesired,
                format!(
                    "nodes where shouldRun holds, pod or not: {}",
                    self.names(|n| n.decision.should_run)
                ),
            ),
            item(
                "currentNumberScheduled",
                self.current,
                answer.current,
                RuleKey::StatusCurrent,
                format!(
                    "nodes where shouldRun holds and a daemon pod is there (Pending counts): {}",
                    self.names(|n| n.decision.should_run && has(n))
                ),
            ),
            item(
                "numberMisscheduled",
                self.misscheduled,
                answer.misscheduled,
                RuleKey::StatusMisscheduled,
                format!(
                    "nodes with a daemon pod where shouldRun is false: {}{}",
                    self.names(|n| !n.decision.should_run && has(n)),
                    if kept == "none" {
                        String::new()
                    } else {
                        format!(
                            " (including {kept}, whose pod is legitimately kept under an untolerated NoSchedule taint)"
                        )
                    }
                ),
            ),
        ];
        Graded { items }
    }
}

const FIELDS: [&str; 3] = [
    "desiredNumberScheduled",
    "currentNumberScheduled",
    "numberMisscheduled",
];

impl Exercise for StatusQuestion {
    type Answer = StatusAnswer;
    const PRACTISES: &'static [Practice] = &[Practice::Status];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let Scene {
            builder, ds, trap, ..
        } = step.scene();
        let exps = expectations(&ds, &builder.nodes, gates());
        let trap = mixed_or_trap(&exps, trap)?;
        let pods = draw_pods(step.rng, step.difficulty, &exps);
        let q = StatusQuestion::new(exps, pods);
        let on = if q.pods.is_empty() {
            "no node".to_owned()
        } else {
            q.pods.iter().cloned().collect::<Vec<_>>().join(", ")
        };
        Some(Built {
            title: format!("Status of {}", ds.metadata.name),
            prompt: format!(
                "DaemonSet {} in this cluster:\n\n{}\nRight now its pods (some may be Pending) are on: {on}.\n\nWhat are status.desiredNumberScheduled, currentNumberScheduled and numberMisscheduled?",
                ds_ref(&ds),
                nodes_table(&builder, &ds)
            ),
            nodes: builder.nodes,
            daemonset: ds,
            trap,
            question: q,
        })
    }

    fn expected(&self) -> StatusAnswer {
        StatusQuestion::expected(self)
    }

    fn grade(&self, answer: &StatusAnswer) -> Result<Graded, DrillError> {
        Ok(StatusQuestion::grade(self, answer))
    }

    fn rows(&self) -> Vec<Row> {
        FIELDS
            .iter()
            .map(|f| Row::new(*f, RowInput::Number))
            .collect()
    }

    fn answer(&self, rows: &[Row], values: &[RowValue]) -> StatusAnswer {
        // An empty row is graded as 0: the screen says "you left it empty" beside it.
        let n = |id: &str| match value_of(rows, values, id) {
            RowValue::Number(n) => *n,
            _ => 0,
        };
        StatusAnswer {
            desired: n(FIELDS[0]),
            current: n(FIELDS[1]),
            misscheduled: n(FIELDS[2]),
        }
    }
}
