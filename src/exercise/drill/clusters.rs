//! The clusters a write or fix drill is graded on: the one shown, and hidden variants drawn for
//! the same goal, so an answer must follow the goal and not the shown nodes. `renamed` gives
//! every node a cloud provider's name (pinning nodes by name fails), `grown` adds nodes of the
//! pools the goal speaks of, and `changed` puts on existing nodes the taints or states the goal
//! speaks of (a spot node whose taint is not there yet, a node that goes NotReady).

use super::Difficulty;
use super::cluster::{
    ClusterBuilder, HOSTNAME, NodeDraw, NodeState, Pool, REGION, SPOT_TAINT, ZONES, build_node,
    describe_state,
};
use super::goal::{Change, Goal, Want};
use super::scene::add_node;
use crate::placement::objects::Node;
use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;

/// One cluster with what the goal asks of each of its nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalCluster {
    /// `shown`, `renamed`, `grown` or `changed`.
    pub name: String,
    /// What this cluster is, for the verdict.
    pub about: String,
    #[serde(skip)]
    pub nodes: Vec<Node>,
    /// Per node, in order: its name and what the goal asks of it.
    pub wants: Vec<(String, Want)>,
}

impl GoalCluster {
    fn new(name: &str, about: String, goal: Goal, nodes: Vec<Node>, draws: &[NodeDraw]) -> Self {
        let wants = nodes
            .iter()
            .zip(draws)
            .map(|(n, d)| (n.name().to_owned(), goal.want(d)))
            .collect();
        GoalCluster {
            name: name.to_owned(),
            about,
            nodes,
            wants,
        }
    }

    /// The nodes that must have a pod.
    pub fn expected(&self) -> Vec<String> {
        self.wants
            .iter()
            .filter(|(_, w)| *w != Want::NoPod)
            .map(|(n, _)| n.clone())
            .collect()
    }
}

/// The shown cluster, drawn for the goal: its pools in order, zones spread from a random one.
pub fn shown(rng: &mut StdRng, goal: Goal, difficulty: Difficulty) -> ClusterBuilder {
    let mut b = ClusterBuilder::default();
    let offset = rng.random_range(0..ZONES.len());
    for (i, (pool, state)) in goal.pools(difficulty).into_iter().enumerate() {
        add_node(rng, &mut b, pool, state, offset + i);
    }
    b
}

/// The shown cluster and the hidden variants of it.
pub fn all(rng: &mut StdRng, goal: Goal, shown: &ClusterBuilder) -> Vec<GoalCluster> {
    let first = GoalCluster::new(
        "shown",
        "the cluster in the task".to_owned(),
        goal,
        shown.nodes.clone(),
        &shown.draws,
    );
    let renamed: Vec<Node> = shown
        .nodes
        .iter()
        .zip(&shown.draws)
        .map(|(n, d)| rename(rng, n, d.pool))
        .collect();
    let mut grown = shown.clone();
    let mut joined = Vec::new();
    for (pool, state, zone) in goal.joiners() {
        let zone = zone.unwrap_or_else(|| rng.random_range(0..ZONES.len()));
        joined.push(grown.next_name(pool));
        add_node(rng, &mut grown, pool, state, zone);
    }
    let (changed, what) = change(rng, goal, shown);
    vec![
        first,
        GoalCluster::new(
            "renamed",
            "the same nodes under the names a cloud provider gives them".to_owned(),
            goal,
            renamed,
            &shown.draws,
        ),
        GoalCluster::new(
            "grown",
            format!("the same cluster after {} joined", joined.join(", ")),
            goal,
            grown.nodes.clone(),
            &grown.draws,
        ),
        GoalCluster::new(
            "changed",
            format!("the same cluster after {}", what.join(", ")),
            goal,
            changed.nodes.clone(),
            &changed.draws,
        ),
    ]
}

/// The node under an EKS-style name (`ip-10-0-12-34.eu-west-1.compute.internal`).
fn rename(rng: &mut StdRng, node: &Node, pool: Pool) -> Node {
    let name = if pool == Pool::Edge {
        format!("edge-{:04x}", rng.random_range(0..0xffffu32))
    } else {
        format!(
            "ip-10-0-{}-{}.{}.compute.internal",
            rng.random_range(1..=254u8),
            rng.random_range(1..=254u8),
            REGION
        )
    };
    let mut node = node.clone();
    node.metadata.name = name.clone();
    node.metadata.labels.insert(HOSTNAME, name);
    node
}

/// The changed cluster and, in words, what changed.
fn change(rng: &mut StdRng, goal: Goal, shown: &ClusterBuilder) -> (ClusterBuilder, Vec<String>) {
    let mut b = shown.clone();
    let mut what = Vec::new();
    for c in goal.changes() {
        match c {
            Change::State(pool, state) => {
                let Some(i) = b.draws.iter().position(|d| d.pool == pool) else {
                    continue;
                };
                b.draws[i].state = state;
                let name = b.nodes[i].name().to_owned();
                b.nodes[i] = build_node(&name, b.draws[i]);
                what.push(format!("{name} {}", happened(state)));
            }
            Change::UntaintedSpot => {
                let i = match b.draws.iter().position(|d| d.pool == Pool::Spot) {
                    Some(i) => i,
                    None => {
                        let zone = rng.random_range(0..ZONES.len());
                        add_node(rng, &mut b, Pool::Spot, NodeState::Healthy, zone);
                        b.nodes.len() - 1
                    }
                };
                b.nodes[i].spec.taints.retain(|t| t.key != SPOT_TAINT);
                what.push(format!(
                    "{} joined as a spot node before its taint was applied",
                    b.nodes[i].name()
                ));
            }
        }
    }
    (b, what)
}

/// What happened to a node to put it in `state`, as the verdict says it.
fn happened(state: NodeState) -> String {
    match state {
        NodeState::Cordoned => "was cordoned".to_owned(),
        NodeState::NotReady => "went NotReady".to_owned(),
        NodeState::NotReadyJoining => "rejoined and is not Ready yet".to_owned(),
        NodeState::DiskPressure => "ran short of disk".to_owned(),
        NodeState::MemoryPressure => "ran short of memory".to_owned(),
        NodeState::NetworkUnavailable => "lost its pod network".to_owned(),
        NodeState::Uninitialized => {
            "was re-created and the cloud provider has not initialised it yet".to_owned()
        }
        other => format!("is now {}", describe_state(other)),
    }
}
