//! "One thing happens to a running DaemonSet: what happens to each node's pod?" The cluster
//! and DaemonSet are evaluated before and after the event with the engine, and R7 turns the
//! decisions into actions: create, delete, keep, or nothing.

mod draw;

use super::cluster::{self};
use super::exercise::{Exercise, Row, RowInput, RowValue, chosen};
use super::generate::node_limit;
use super::predict::{NodeExpectation, expectations};
use super::rule_key::Practice;
use super::scene::Scene;
use super::score::{Graded, ItemResult};
use super::step::{Built, Step, ds_ref, mixed_or_trap, nodes_table};
use super::{DrillError, gates};
use crate::placement::objects::{DaemonSet, Node, Taint, Toleration};
use draw::{before_pods, draw_event};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The one thing that happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// A new node registers with these labels and taints.
    NodeJoins { node: Box<Node> },
    /// `kubectl cordon`.
    Cordon { node: String },
    /// `kubectl drain --ignore-daemonsets`: cordon, then evict everything but DaemonSet pods.
    Drain { node: String },
    /// `kubectl taint nodes`.
    TaintAdded { node: String, taint: Taint },
    /// `kubectl label nodes NODE key-`.
    LabelRemoved { node: String, key: String },
    /// `kubectl label nodes NODE key=value --overwrite`.
    LabelAdded {
        node: String,
        key: String,
        value: String,
    },
    /// A toleration is added to the DaemonSet's pod template.
    TolerationAdded { toleration: Toleration },
    /// A nodeSelector entry is added to the DaemonSet's pod template.
    NodeSelectorAdded { key: String, value: String },
}

impl Event {
    /// The cluster and DaemonSet after the event.
    pub fn apply(&self, nodes: &[Node], ds: &DaemonSet) -> (Vec<Node>, DaemonSet) {
        let mut nodes = nodes.to_vec();
        let mut ds = ds.clone();
        match self {
            Event::NodeJoins { node } => nodes.push((**node).clone()),
            // Drain cordons first; its evictions skip DaemonSet pods (--ignore-daemonsets),
            // so for placement it is a cordon (trap 1).
            Event::Cordon { node } | Event::Drain { node } => {
                if let Some(n) = find(&mut nodes, node) {
                    cluster::cordon(n);
                }
            }
            Event::TaintAdded { node, taint } => {
                if let Some(n) = find(&mut nodes, node) {
                    cluster::add_taint(n, taint.clone());
                }
            }
            Event::LabelRemoved { node, key } => {
                if let Some(n) = find(&mut nodes, node) {
                    n.metadata.labels.remove(key);
                }
            }
            Event::LabelAdded { node, key, value } => {
                if let Some(n) = find(&mut nodes, node) {
                    n.metadata.labels.insert(key.clone(), value.clone());
                }
            }
            Event::TolerationAdded { toleration } => {
                ds.spec.template.spec.tolerations.push(toleration.clone())
            }
            Event::NodeSelectorAdded { key, value } => {
                ds.spec
                    .template
                    .spec
                    .node_selector
                    .insert(key.clone(), value.clone());
            }
        }
        (nodes, ds)
    }

    /// The event as the command a person would run.
    pub fn describe(&self, ds: &DaemonSet) -> String {
        let ds_ref = format!("daemonset/{} -n {}", ds.metadata.name, ds.namespace());
        match self {
            Event::NodeJoins { node } => {
                let taints: Vec<String> = node.spec.taints.iter().map(|t| t.to_string()).collect();
                format!(
                    "node {} joins the cluster ({}; taints: {})",
                    node.name(),
                    node.metadata
                        .labels
                        .iter()
                        .filter(|(k, _)| !k.starts_with("kubernetes.io/hostname"))
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if taints.is_empty() {
                        "none".to_owned()
                    } else {
                        taints.join(", ")
                    }
                )
            }
            Event::Cordon { node } => format!("kubectl cordon {node}"),
            Event::Drain { node } => {
                format!("kubectl drain {node} --ignore-daemonsets --delete-emptydir-data")
            }
            Event::TaintAdded { node, taint } => format!("kubectl taint nodes {node} {taint}"),
            Event::LabelRemoved { node, key } => format!("kubectl label nodes {node} {key}-"),
            Event::LabelAdded { node, key, value } => {
                format!("kubectl label nodes {node} {key}={value} --overwrite")
            }
            Event::TolerationAdded { toleration } => format!(
                "kubectl patch {ds_ref} --type=json -p '[{{\"op\":\"add\",\"path\":\"/spec/template/spec/tolerations/-\",\"value\":{}}}]'",
                serde_json::to_string(toleration).unwrap_or_default()
            ),
            Event::NodeSelectorAdded { key, value } => format!(
                "kubectl patch {ds_ref} -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"nodeSelector\":{{\"{key}\":\"{value}\"}}}}}}}}}}'"
            ),
        }
    }

    /// Does the event change the pod template (and so start a rolling update, R15)?
    pub fn changes_template(&self) -> bool {
        matches!(
            self,
            Event::TolerationAdded { .. } | Event::NodeSelectorAdded { .. }
        )
    }
}

/// Does a template change start a rolling update (type RollingUpdate, the default, R11)?
fn rolls(ds: &DaemonSet) -> bool {
    crate::placement::rollout::daemonset_defaults(ds.spec.update_strategy.as_ref()).kind
        == crate::placement::rollout::ROLLING_UPDATE
}

fn find<'a>(nodes: &'a mut [Node], name: &str) -> Option<&'a mut Node> {
    nodes.iter_mut().find(|n| n.name() == name)
}

/// What happens to a node's DaemonSet pod (R7, and R15 after a template change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventAction {
    /// R7.1: shouldRun and no pod: a pod is created.
    Create,
    /// R7.3: a pod is there and shouldContinueRunning is false: it is deleted. Also R15: the
    /// template changed under RollingUpdate and shouldRun is false, so the rolling update
    /// deletes the old pod and nothing replaces it.
    Delete,
    /// R7.2: a pod is there and shouldContinueRunning holds: it stays.
    Keep,
    /// R7.4: no pod, and none is created.
    Nothing,
}

impl EventAction {
    pub fn as_str(self) -> &'static str {
        match self {
            EventAction::Create => "create",
            EventAction::Delete => "delete",
            EventAction::Keep => "keep",
            EventAction::Nothing => "nothing",
        }
    }

    /// R7: from "has a pod" and the engine's decision after the event. `rolled`: the event
    /// changed the template of a RollingUpdate DaemonSet, so every old pod is replaced (R15):
    /// where shouldRun is false but shouldContinueRunning holds (an untolerated NoSchedule
    /// taint), the update deletes the pod like any old one and the manage pass creates none
    /// there, so the node ends with no pod (domain-facts §17.2).
    pub fn from_decision(had_pod: bool, after: &NodeExpectation, rolled: bool) -> Self {
        match (had_pod, &after.decision) {
            (true, d) if rolled && !d.should_run => EventAction::Delete,
            (true, d) if d.should_continue_running => EventAction::Keep,
            (true, _) => EventAction::Delete,
            (false, d) if d.should_run => EventAction::Create,
            (false, _) => EventAction::Nothing,
        }
    }

    fn rule_id(self) -> &'static str {
        match self {
            EventAction::Create => "R7.1",
            EventAction::Keep => "R7.2",
            EventAction::Delete => "R7.3",
            EventAction::Nothing => "R7.4",
        }
    }
}

/// One node of an events drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeEvent {
    pub node: String,
    pub had_pod: bool,
    pub action: EventAction,
    /// The engine's decision after the event.
    pub after: NodeExpectation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventsQuestion {
    pub event: Event,
    /// The command or description shown to the learner.
    pub event_text: String,
    /// Nodes that run a pod of the DaemonSet before the event.
    pub before_pods: BTreeSet<String>,
    pub after_nodes: Vec<Node>,
    pub after_daemonset: DaemonSet,
    pub nodes: Vec<NodeEvent>,
    /// The event changed the template of a RollingUpdate DaemonSet: a rolling update follows.
    pub rolled: bool,
}

impl EventsQuestion {
    /// Builds the question: the engine decides every node after the event, R7 gives the action.
    pub fn new(
        event: Event,
        nodes: &[Node],
        ds: &DaemonSet,
        before_pods: BTreeSet<String>,
    ) -> Self {
        let (after_nodes, after_daemonset) = event.apply(nodes, ds);
        let after = expectations(&after_daemonset, &after_nodes, gates());
        let rolled = event.changes_template() && rolls(&after_daemonset);
        let nodes = after
            .into_iter()
            .map(|exp| {
                let had_pod = before_pods.contains(&exp.node);
                NodeEvent {
                    node: exp.node.clone(),
                    had_pod,
                    action: EventAction::from_decision(had_pod, &exp, rolled),
                    after: exp,
                }
            })
            .collect();
        EventsQuestion {
            event_text: event.describe(ds),
            rolled,
            event,
            before_pods,
            after_nodes,
            after_daemonset,
            nodes,
        }
    }

    pub fn expected(&self) -> BTreeMap<String, EventAction> {
        self.nodes
            .iter()
            .map(|n| (n.node.clone(), n.action))
            .collect()
    }

    /// Grades the learner's action per node; a node left out counts as wrong.
    pub fn grade(&self, answer: &BTreeMap<String, EventAction>) -> Graded {
        let items = self
            .nodes
            .iter()
            .map(|n| {
                let given = answer.get(&n.node).copied();
                let rolled_off = self.rolled
                    && n.had_pod
                    && !n.after.decision.should_run
                    && n.after.decision.should_continue_running;
                let mut reason = format!(
                    "{} → {} ({}): {}",
                    if n.had_pod { "had a pod" } else { "had no pod" },
                    n.action.as_str(),
                    if rolled_off { "R15" } else { n.action.rule_id() },
                    n.after.reason_text()
                );
                if self.rolled && n.had_pod {
                    reason.push_str(if n.after.decision.should_run {
                        "; the template changed, so the rolling update replaces this pod with one of the new revision (R15): the node keeps a pod"
                    } else {
                        "; but the template changed, so the rolling update deletes this old pod like any other (R15), and the manage pass creates none here because shouldRun is false: the node ends with no pod"
                    });
                } else if self.event.changes_template() && n.action == EventAction::Keep {
                    reason.push_str(
                        "; updateStrategy is OnDelete, so the template change replaces nothing: this pod keeps the old revision until it is deleted",
                    );
                }
                ItemResult {
                    item: n.node.clone(),
                    cluster: None,
                    correct: given == Some(n.action),
                    expected: n.action.as_str().to_owned(),
                    given: given.map_or("-", EventAction::as_str).to_owned(),
                    rule: n.after.rule,
                    rule_id: n.after.rule_id.clone(),
                    reason,
                }
            })
            .collect();
        Graded { items }
    }

    /// At least two different actions across the nodes.
    pub fn mixes(&self) -> bool {
        let actions: BTreeSet<EventAction> = self.nodes.iter().map(|n| n.action).collect();
        actions.len() >= 2
    }
}

/// The actions an events drill cycles through, in the order Space shows them.
const ACTIONS: [EventAction; 4] = [
    EventAction::Create,
    EventAction::Delete,
    EventAction::Keep,
    EventAction::Nothing,
];
const ACTION_LABELS: &[&str] = &["create", "delete", "keep", "nothing"];

impl Exercise for EventsQuestion {
    type Answer = BTreeMap<String, EventAction>;
    const PRACTISES: &'static [Practice] = &[Practice::Placement];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let Scene {
            builder, ds, trap, ..
        } = step.scene();
        let exps = expectations(&ds, &builder.nodes, gates());
        let trap = mixed_or_trap(&exps, trap)?;
        let difficulty = step.difficulty;
        let pods = before_pods(&exps, difficulty, step.rng);
        let event = draw_event(step.rng, difficulty, &builder, &ds, &exps, &pods);
        let q = EventsQuestion::new(event, &builder.nodes, &ds, pods);
        if !q.mixes() || q.after_nodes.len() > node_limit(difficulty) {
            return None;
        }
        let running = if q.before_pods.is_empty() {
            "no node".to_owned()
        } else {
            q.before_pods.iter().cloned().collect::<Vec<_>>().join(", ")
        };
        Some(Built {
            title: format!("Event: {}", short_event(&q.event_text)),
            prompt: format!(
                "DaemonSet {} runs in this cluster:\n\n{}\nIts pods run on: {running}.\n\nThen: {}\n\nFor each node, say what happens to its DaemonSet pod: create, delete, keep, or nothing.",
                ds_ref(&ds),
                nodes_table(&builder, &ds),
                q.event_text
            ),
            nodes: builder.nodes,
            daemonset: ds,
            trap,
            question: q,
        })
    }

    fn expected(&self) -> Self::Answer {
        EventsQuestion::expected(self)
    }

    fn grade(&self, answer: &Self::Answer) -> Result<Graded, DrillError> {
        Ok(EventsQuestion::grade(self, answer))
    }

    fn rows(&self) -> Vec<Row> {
        self.nodes
            .iter()
            .map(|n| Row::new(&n.node, RowInput::Choice(ACTION_LABELS)))
            .collect()
    }

    fn answer(&self, rows: &[Row], values: &[RowValue]) -> Self::Answer {
        chosen(rows, values, &ACTIONS).collect()
    }
}

/// The first words of an event for a title.
fn short_event(text: &str) -> String {
    match text.find(" -p ") {
        Some(i) => text[..i].to_owned(),
        None => text.split(" (").next().unwrap_or(text).to_owned(),
    }
}
