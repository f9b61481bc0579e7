//! "Mark the nodes that get a pod": the expected answer is the engine's decision per node
//! (R3); hard drills also ask which nodes keep an existing pod and which are evicted (R3.4).

use super::daemonsets::Template;
use super::exercise::{Exercise, Row, RowInput, RowValue, chosen};
use super::rule_key::Practice;
use super::scene::Scene;
use super::score::{Graded, ItemResult, deciding_key};
use super::step::{Built, Step, ds_ref, mixed_or_trap, nodes_table};
use super::{Difficulty, DrillError, RuleKey, gates};
use crate::placement::objects::{DaemonSet, Node};
use crate::placement::{CompiledDaemonSet, Decision, FeatureGates, Outcome};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The engine's verdict on one node, with the rule key that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeExpectation {
    pub node: String,
    pub decision: Decision,
    /// The deciding rule (see `score::deciding_key`).
    pub rule: RuleKey,
    pub rule_id: String,
}

impl NodeExpectation {
    /// Why, in the engine's words: its reasons for a rejected node, its notes (what let a
    /// taint through) for a node that gets a pod.
    pub fn reason_text(&self) -> String {
        let d = &self.decision;
        let texts: Vec<&str> = if d.reasons.is_empty() {
            d.notes.iter().map(|n| n.message.as_str()).collect()
        } else {
            d.reasons.iter().map(|r| r.message.as_str()).collect()
        };
        if !texts.is_empty() {
            return texts.join("; ");
        }
        match self.rule {
            RuleKey::NodeName => "the template's spec.nodeName names this node (R3.1)".to_owned(),
            RuleKey::MatchFields | RuleKey::AffinityOperator => {
                "the node satisfies the required node affinity and no taint blocks it (R6, R3.3)"
                    .to_owned()
            }
            RuleKey::NodeSelector => {
                "the node has every nodeSelector label and no taint blocks it (R6.1, R3.3)"
                    .to_owned()
            }
            _ => "no rule rejects the node: it gets a pod (R3.3)".to_owned(),
        }
    }
}

/// Evaluates every node with the engine (R3) and names the deciding rule of each.
pub fn expectations(ds: &DaemonSet, nodes: &[Node], gates: FeatureGates) -> Vec<NodeExpectation> {
    let compiled = CompiledDaemonSet::compile(ds, gates);
    let selection = super::daemonsets::selection_rule_key(ds);
    nodes
        .iter()
        .map(|n| {
            let decision = compiled.decide(n);
            let (rule, rule_id) = deciding_key(&decision, selection);
            NodeExpectation {
                node: n.name().to_owned(),
                decision,
                rule,
                rule_id: rule_id.to_owned(),
            }
        })
        .collect()
}

/// What a predict drill asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PredictDetail {
    /// Mark the nodes that get a pod (shouldRun).
    GetsPod,
    /// Give each node's outcome: runs, no-pod, keeps-existing or evicted.
    Outcomes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredictQuestion {
    pub detail: PredictDetail,
    pub nodes: Vec<NodeExpectation>,
}

/// The learner's answer to a predict drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PredictAnswer {
    /// The nodes marked as getting a pod.
    Marked(BTreeSet<String>),
    /// An outcome per node; a node left out counts as wrong.
    Outcomes(BTreeMap<String, Outcome>),
}

impl PredictQuestion {
    /// The engine's answer, in the shape the question asks for.
    pub fn expected(&self) -> PredictAnswer {
        match self.detail {
            PredictDetail::GetsPod => PredictAnswer::Marked(
                self.nodes
                    .iter()
                    .filter(|n| n.decision.should_run)
                    .map(|n| n.node.clone())
                    .collect(),
            ),
            PredictDetail::Outcomes => PredictAnswer::Outcomes(
                self.nodes
                    .iter()
                    .map(|n| (n.node.clone(), n.decision.outcome))
                    .collect(),
            ),
        }
    }

    /// Grades per node. A `Marked` answer to an outcome question is graded on shouldRun only,
    /// and an `Outcomes` answer to a marking question likewise (runs = marked).
    pub fn grade(&self, answer: &PredictAnswer) -> Graded {
        let items = self
            .nodes
            .iter()
            .map(|n| {
                let (expected, given, correct) = match (self.detail, answer) {
                    (PredictDetail::Outcomes, PredictAnswer::Outcomes(map)) => {
                        let want = n.decision.outcome;
                        let got = map.get(&n.node);
                        (
                            want.as_str().to_owned(),
                            got.map_or("-", |o| o.as_str()).to_owned(),
                            got == Some(&want),
                        )
                    }
                    (_, answer) => {
                        let marked = match answer {
                            PredictAnswer::Marked(set) => set.contains(&n.node),
                            PredictAnswer::Outcomes(map) => {
                                map.get(&n.node) == Some(&Outcome::Runs)
                            }
                        };
                        (
                            gets_pod_text(n.decision.should_run).to_owned(),
                            gets_pod_text(marked).to_owned(),
                            marked == n.decision.should_run,
                        )
                    }
                };
                ItemResult {
                    item: n.node.clone(),
                    cluster: None,
                    correct,
                    expected,
                    given,
                    rule: n.rule,
                    rule_id: n.rule_id.clone(),
                    reason: n.reason_text(),
                }
            })
            .collect();
        Graded { items }
    }
}

fn gets_pod_text(b: bool) -> &'static str {
    if b { "gets a pod" } else { "no new pod" }
}

/// Does the list mix outcomes (some nodes get a pod, some do not)?
pub fn mixes(nodes: &[NodeExpectation]) -> bool {
    nodes.iter().any(|n| n.decision.should_run) && nodes.iter().any(|n| !n.decision.should_run)
}

/// The four outcomes a hard predict drill cycles through, in the order Space shows them.
const OUTCOMES: [Outcome; 4] = [
    Outcome::Runs,
    Outcome::NoPod,
    Outcome::KeepsExisting,
    Outcome::Evicted,
];
const OUTCOME_LABELS: &[&str] = &["runs", "no-pod", "keeps-existing", "evicted"];

impl Exercise for PredictQuestion {
    type Answer = PredictAnswer;
    const PRACTISES: &'static [Practice] = &[Practice::Placement];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let Scene {
            template,
            builder,
            ds,
            trap,
        } = step.scene();
        let exps = expectations(&ds, &builder.nodes, gates());
        let trap = mixed_or_trap(&exps, trap)?;
        let outcomes: BTreeSet<Outcome> = exps.iter().map(|e| e.decision.outcome).collect();
        // Hard drills should show three outcomes; a nodeName drill cannot (one node runs, the
        // rest have no pod, R3.1), so it is exempt.
        if step.difficulty == Difficulty::Hard
            && outcomes.len() < 3
            && !step.past_rich_attempts()
            && template != Template::PinnedDebug
        {
            return None;
        }
        let detail = if step.difficulty == Difficulty::Hard {
            PredictDetail::Outcomes
        } else {
            PredictDetail::GetsPod
        };
        let ask = match detail {
            PredictDetail::GetsPod => "Mark every node that gets a pod.",
            PredictDetail::Outcomes => {
                "For each node, give the outcome: runs (gets a pod), no-pod (no pod, and an existing one is deleted), keeps-existing (no new pod, an existing one keeps running) or evicted (no new pod, and the DaemonSet controller deletes an existing one)."
            }
        };
        let table = nodes_table(&builder, &ds);
        Some(Built {
            title: format!("Where does {} run?", ds.metadata.name),
            prompt: format!(
                "DaemonSet {} is applied to this cluster:\n\n{table}\n{ask}",
                ds_ref(&ds)
            ),
            nodes: builder.nodes,
            daemonset: ds,
            trap,
            question: PredictQuestion {
                detail,
                nodes: exps,
            },
        })
    }

    fn expected(&self) -> PredictAnswer {
        PredictQuestion::expected(self)
    }

    fn grade(&self, answer: &PredictAnswer) -> Result<Graded, DrillError> {
        Ok(PredictQuestion::grade(self, answer))
    }

    fn rows(&self) -> Vec<Row> {
        let input = match self.detail {
            PredictDetail::GetsPod => RowInput::Mark,
            PredictDetail::Outcomes => RowInput::Choice(OUTCOME_LABELS),
        };
        self.nodes
            .iter()
            .map(|n| Row::new(&n.node, input))
            .collect()
    }

    fn answer(&self, rows: &[Row], values: &[RowValue]) -> PredictAnswer {
        match self.detail {
            PredictDetail::GetsPod => PredictAnswer::Marked(
                rows.iter()
                    .zip(values)
                    .filter(|(_, v)| **v == RowValue::Marked)
                    .map(|(r, _)| r.id.clone())
                    .collect(),
            ),
            PredictDetail::Outcomes => {
                PredictAnswer::Outcomes(chosen(rows, values, &OUTCOMES).collect())
            }
        }
    }
}
