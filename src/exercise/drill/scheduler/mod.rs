//! "Runs, pending or no pod": the scheduler stage (placement-spec §4, trap 6). The controller
//! decides whether a node gets a pod and never looks at resources or host ports; the pod it
//! creates then goes through the default scheduler's filters and stays Pending when the node
//! has too little free (NodeResourcesFit) or the host port is taken (NodePorts). The expected
//! answer per node is `CompiledDaemonSet::decide` followed by `scheduler::scheduler_stage`.

mod draw;
mod tables;
mod workloads;

use tables::mebi;

use super::exercise::{Exercise, Row, RowInput, RowValue, chosen};
use super::predict::expectations;
use super::rule_key::Practice;
use super::scene::Scene;
use super::score::{Graded, ItemResult};
use super::step::{Built, Step, ds_ref, nodes_table};
use super::{Difficulty, DrillError, RuleKey};
use crate::placement::objects::{DaemonSet, Node, Pod};
use crate::placement::scheduler::{
    SchedulerVerdict, Stage, host_ports, pod_requests, scheduler_stage,
};
use crate::placement::{Decision, describe_quantity, parse_quantity};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the learner says happens on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchedulerOutcome {
    /// The controller creates a pod and the scheduler binds it.
    Runs,
    /// The controller creates a pod and it stays Pending.
    Pending,
    /// The controller creates no pod.
    NoPod,
}

impl SchedulerOutcome {
    pub const ALL: [SchedulerOutcome; 3] = [
        SchedulerOutcome::Runs,
        SchedulerOutcome::Pending,
        SchedulerOutcome::NoPod,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SchedulerOutcome::Runs => "runs",
            SchedulerOutcome::Pending => "pending",
            SchedulerOutcome::NoPod => "no pod",
        }
    }

    /// A pod already there (HasPod) runs; generated drills never have one.
    pub fn from_stage(stage: Stage) -> SchedulerOutcome {
        match stage {
            Stage::NoPod => SchedulerOutcome::NoPod,
            Stage::HasPod | Stage::Scheduled => SchedulerOutcome::Runs,
            Stage::Pending => SchedulerOutcome::Pending,
        }
    }
}

/// The engine's verdict on one node: the controller's decision, then the scheduler's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulerNode {
    pub node: String,
    pub decision: Decision,
    pub verdict: SchedulerVerdict,
    /// The rule the node counts toward: the placement rule for no pod, `schedulable` for
    /// runs, `insufficient-resource` or `host-port-conflict` for pending.
    pub rule: RuleKey,
    pub rule_id: String,
    /// Why, in the engine's words.
    pub reason: String,
}

impl SchedulerNode {
    pub fn outcome(&self) -> SchedulerOutcome {
        SchedulerOutcome::from_stage(self.verdict.stage)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchedulerQuestion {
    /// The pods already in the cluster, bound to their nodes.
    pub pods: Vec<Pod>,
    pub nodes: Vec<SchedulerNode>,
}

impl SchedulerQuestion {
    /// Evaluates every node: the controller's decision (R3) and the scheduler stage (§4).
    pub fn new(ds: &DaemonSet, nodes: &[Node], pods: Vec<Pod>) -> SchedulerQuestion {
        let exps = expectations(ds, nodes, super::gates());
        let nodes = exps
            .into_iter()
            .zip(nodes)
            .map(|(exp, node)| {
                let verdict = scheduler_stage(ds, &exp.decision, node, &pods);
                let (rule, rule_id, reason) = match SchedulerOutcome::from_stage(verdict.stage) {
                    SchedulerOutcome::NoPod => (exp.rule, exp.rule_id.clone(), exp.reason_text()),
                    SchedulerOutcome::Pending => (
                        verdict
                            .reasons
                            .first()
                            .map_or(RuleKey::Schedulable, |r| RuleKey::from_rule_kind(r.kind)),
                        "§4".to_owned(),
                        verdict
                            .reasons
                            .iter()
                            .map(|r| r.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    SchedulerOutcome::Runs => {
                        let mut texts: Vec<String> = exp
                            .decision
                            .notes
                            .iter()
                            .map(|n| n.message.clone())
                            .collect();
                        texts.push(fit_text(ds, node, &pods));
                        texts.extend(verdict.notes.iter().cloned());
                        (RuleKey::Schedulable, "§4".to_owned(), texts.join("; "))
                    }
                };
                SchedulerNode {
                    node: exp.node,
                    decision: exp.decision,
                    verdict,
                    rule,
                    rule_id,
                    reason,
                }
            })
            .collect();
        SchedulerQuestion { pods, nodes }
    }

    pub fn expected(&self) -> BTreeMap<String, SchedulerOutcome> {
        self.nodes
            .iter()
            .map(|n| (n.node.clone(), n.outcome()))
            .collect()
    }

    /// Grades per node; a node left out counts as wrong.
    pub fn grade(&self, answer: &BTreeMap<String, SchedulerOutcome>) -> Graded {
        let items = self
            .nodes
            .iter()
            .map(|n| {
                let want = n.outcome();
                let got = answer.get(&n.node).copied();
                ItemResult {
                    item: n.node.clone(),
                    cluster: None,
                    correct: got == Some(want),
                    expected: want.as_str().to_owned(),
                    given: got.map_or("-", SchedulerOutcome::as_str).to_owned(),
                    rule: n.rule,
                    rule_id: n.rule_id.clone(),
                    reason: n.reason.clone(),
                }
            })
            .collect();
        Graded { items }
    }

    /// How many nodes have this outcome.
    pub fn count(&self, outcome: SchedulerOutcome) -> usize {
        self.nodes.iter().filter(|n| n.outcome() == outcome).count()
    }

    /// The pods bound to a node that hold resources (not Succeeded or Failed).
    pub fn pods_on<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        bound_pods(&self.pods, node)
    }

    /// One line for the drill screen: what the node's pods request of what it has,
    /// "2 pods · cpu 1800m/4 · mem 6144Mi/15360Mi".
    pub fn load_summary(&self, node: &Node, memory: bool) -> String {
        let pods: Vec<&Pod> = self.pods_on(node.name()).collect();
        let used = requested(&pods);
        let mut parts = vec![format!(
            "{} pod{}",
            pods.len(),
            if pods.len() == 1 { "" } else { "s" }
        )];
        let mut resources = vec!["cpu"];
        if memory {
            resources.push("memory");
        }
        for r in resources {
            let (short, fmt): (&str, fn(i128) -> String) = if r == "memory" {
                ("mem", mebi)
            } else {
                ("cpu", |v| show("cpu", v))
            };
            parts.push(format!(
                "{short} {}/{}",
                fmt(used.get(r).copied().unwrap_or(0)),
                allocatable(node, r).map_or_else(|| "?".to_owned(), fmt)
            ));
        }
        parts.join(" · ")
    }
}

fn bound_pods<'a>(pods: &'a [Pod], node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
    pods.iter()
        .filter(move |p| !p.is_terminal() && p.spec.node_name == node)
}

fn requested(pods: &[&Pod]) -> BTreeMap<String, i128> {
    let mut used: BTreeMap<String, i128> = BTreeMap::new();
    for p in pods {
        for (r, v) in pod_requests(&p.spec) {
            *used.entry(r).or_default() += v;
        }
    }
    used
}

fn allocatable(node: &Node, resource: &str) -> Option<i128> {
    node.status
        .allocatable
        .get(resource)
        .and_then(parse_quantity)
}

/// A quantity for people; 0 as "0" for every resource.
fn show(resource: &str, nano: i128) -> String {
    if nano == 0 {
        "0".to_owned()
    } else {
        describe_quantity(resource, nano)
    }
}

/// Why a pod that runs fits: per requested resource, what it asks and what is free.
fn fit_text(ds: &DaemonSet, node: &Node, pods: &[Pod]) -> String {
    let want = pod_requests(&ds.spec.template.spec);
    let bound: Vec<&Pod> = bound_pods(pods, node.name()).collect();
    let used = requested(&bound);
    let mut parts = Vec::new();
    for (r, &asked) in want.iter().filter(|(_, v)| **v > 0) {
        let Some(have) = allocatable(node, r) else {
            continue;
        };
        let free = have - used.get(r).copied().unwrap_or(0);
        parts.push(format!(
            "{r} {} requested, {} of {} free",
            show(r, asked),
            show(r, free.max(0)),
            show(r, have)
        ));
    }
    let fits = if parts.is_empty() {
        "the pod requests nothing".to_owned()
    } else {
        parts.join(", ")
    };
    let ports = if host_ports(&ds.spec.template.spec).is_empty() {
        ""
    } else {
        "; no pod on the node holds its host ports (NodePorts)"
    };
    format!("the created pod fits ({fits}) and the scheduler binds it (NodeResourcesFit){ports}")
}

fn protocol(p: &str) -> &str {
    if p.is_empty() { "TCP" } else { p }
}

const OUTCOME_LABELS: &[&str] = &["runs", "pending", "no pod"];

impl Exercise for SchedulerQuestion {
    type Answer = BTreeMap<String, SchedulerOutcome>;
    const PRACTISES: &'static [Practice] = &[Practice::Placement, Practice::Scheduler];

    /// The scene's cluster with pods already bound to its nodes, the DaemonSet with requests
    /// (and host ports), and per node runs, pending or no pod. Every drill has a node that runs
    /// and one that stays Pending; the early draws also insist on a node the controller gives
    /// no pod.
    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let Scene {
            template,
            builder,
            mut ds,
            ..
        } = step.scene();
        let difficulty = step.difficulty;
        let pods = draw::draw(
            step.rng, difficulty, template, &builder, &mut ds, step.focus,
        )?;
        let q = SchedulerQuestion::new(&ds, &builder.nodes, pods);
        if q.count(SchedulerOutcome::Pending) == 0 || q.count(SchedulerOutcome::Runs) == 0 {
            return None;
        }
        if !step.past_rich_attempts() && q.count(SchedulerOutcome::NoPod) == 0 {
            return None;
        }
        let resources = tables::tables(&builder.nodes, &q.pods, difficulty != Difficulty::Easy);
        Some(Built {
            title: format!("Does {} run or stay Pending?", ds.metadata.name),
            prompt: format!(
                "DaemonSet {} is applied to this cluster:\n\n{}\n{resources}\n{}\n\nFor each node: runs (the pod is created and bound), pending (created, but it stays Pending) or no pod (the controller creates none)?",
                ds_ref(&ds),
                nodes_table(&builder, &ds),
                tables::ds_needs(&ds),
            ),
            nodes: builder.nodes,
            daemonset: ds,
            trap: None,
            question: q,
        })
    }

    fn expected(&self) -> Self::Answer {
        SchedulerQuestion::expected(self)
    }

    fn grade(&self, answer: &Self::Answer) -> Result<Graded, DrillError> {
        Ok(SchedulerQuestion::grade(self, answer))
    }

    fn rows(&self) -> Vec<Row> {
        self.nodes
            .iter()
            .map(|n| Row::new(&n.node, RowInput::Choice(OUTCOME_LABELS)))
            .collect()
    }

    fn answer(&self, rows: &[Row], values: &[RowValue]) -> Self::Answer {
        chosen(rows, values, &SchedulerOutcome::ALL).collect()
    }

    fn pods(&self) -> &[Pod] {
        &self.pods
    }
}
