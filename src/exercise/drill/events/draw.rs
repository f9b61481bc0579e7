//! Drawing an events drill: which nodes run a pod before the event, and the one event that
//! fits the cluster and DaemonSet (a node joins, a cordon or drain, a taint, a label change, a
//! toleration or nodeSelector added to the template).

use super::super::Difficulty;
use super::super::cluster::{
    self, ClusterBuilder, MAINTENANCE_TAINT, NO_EXECUTE, NO_SCHEDULE, NodeDraw, NodeState, Pool,
};
use super::super::daemonsets::{selection_keys, toleration};
use super::super::predict::NodeExpectation;
use super::Event;
use crate::placement::RuleKind;
use crate::placement::objects::DaemonSet;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use std::collections::BTreeSet;

/// The nodes that run a pod before the event: the steady state (shouldRun), plus, in hard
/// drills, some nodes whose pod survived a NoSchedule taint added after it started (R3.4).
pub(super) fn before_pods(
    before: &[NodeExpectation],
    difficulty: Difficulty,
    rng: &mut StdRng,
) -> BTreeSet<String> {
    before
        .iter()
        .filter(|e| {
            e.decision.should_run
                || (difficulty == Difficulty::Hard
                    && e.decision.should_continue_running
                    && rng.random_bool(0.5))
        })
        .map(|e| e.node.clone())
        .collect()
}

/// Draws one event that fits this cluster and DaemonSet.
pub(super) fn draw_event(
    rng: &mut StdRng,
    difficulty: Difficulty,
    builder: &ClusterBuilder,
    ds: &DaemonSet,
    before: &[NodeExpectation],
    before_pods: &BTreeSet<String>,
) -> Event {
    let nodes = &builder.nodes;
    let mut candidates: Vec<Event> = Vec::new();
    let with_pod: Vec<&str> = nodes
        .iter()
        .map(|n| n.name())
        .filter(|n| before_pods.contains(*n))
        .collect();
    // Node taint events aim at a node that runs a pod: that is where the answer is interesting.
    if let Some(target) = with_pod.choose(rng) {
        let target = (*target).to_owned();
        candidates.push(Event::Cordon {
            node: target.clone(),
        });
        candidates.push(Event::TaintAdded {
            node: target.clone(),
            taint: cluster::taint(MAINTENANCE_TAINT, "true", NO_SCHEDULE),
        });
        candidates.push(Event::TaintAdded {
            node: target.clone(),
            taint: cluster::taint(MAINTENANCE_TAINT, "true", NO_EXECUTE),
        });
        if difficulty != Difficulty::Easy {
            candidates.push(Event::Drain {
                node: target.clone(),
            });
        }
        if difficulty == Difficulty::Hard {
            // Automatic tolerations are effect-specific (R4.1): these two are tolerated,
            // out-of-service is not.
            for (key, value, effect) in [
                ("node.kubernetes.io/not-ready", "", NO_EXECUTE),
                ("node.kubernetes.io/memory-pressure", "", NO_SCHEDULE),
                (
                    "node.kubernetes.io/out-of-service",
                    "nodeshutdown",
                    NO_EXECUTE,
                ),
            ] {
                candidates.push(Event::TaintAdded {
                    node: target.clone(),
                    taint: cluster::taint(key, value, effect),
                });
            }
        }
    }
    // Labels the DaemonSet's selection reads (R6; trap 21: relabelling removes pods).
    for key in selection_keys(ds) {
        for n in nodes
            .iter()
            .filter(|n| n.metadata.labels.contains_key(&key))
        {
            candidates.push(Event::LabelRemoved {
                node: n.name().to_owned(),
                key: key.clone(),
            });
        }
        if difficulty != Difficulty::Easy {
            for value in selection_values(ds, &key) {
                for n in nodes
                    .iter()
                    .filter(|n| n.metadata.labels.get(&key) != Some(&value))
                {
                    candidates.push(Event::LabelAdded {
                        node: n.name().to_owned(),
                        key: key.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
    }
    candidates.push(joiner(rng, difficulty, builder));
    if difficulty != Difficulty::Easy {
        // Tolerate a taint that keeps the pod off some node (R5).
        let mut seen = BTreeSet::new();
        for r in before.iter().flat_map(|e| &e.decision.reasons) {
            if matches!(
                r.kind,
                RuleKind::UntoleratedNoSchedule | RuleKind::UntoleratedNoExecute
            ) && seen.insert(r.subject.clone())
                && let Some(t) = nodes
                    .iter()
                    .flat_map(|n| &n.spec.taints)
                    .find(|t| t.to_string() == r.subject)
            {
                candidates.push(Event::TolerationAdded {
                    toleration: toleration(&t.key, "Exists", "", &t.effect, None),
                });
            }
        }
        if difficulty == Difficulty::Hard {
            // Trap 15: the old master toleration no longer matches the control-plane taint.
            candidates.push(Event::TolerationAdded {
                toleration: toleration(
                    "node-role.kubernetes.io/master",
                    "Exists",
                    "",
                    NO_SCHEDULE,
                    None,
                ),
            });
        }
        for (key, value) in [
            (cluster::OS, "linux"),
            (cluster::ARCH, "amd64"),
            (cluster::ZONE, cluster::ZONES[rng.random_range(0..3)]),
        ] {
            if !ds.spec.template.spec.node_selector.contains_key(key) {
                candidates.push(Event::NodeSelectorAdded {
                    key: key.to_owned(),
                    value: value.to_owned(),
                });
            }
        }
    }
    // `candidates` always holds at least the joining node.
    let i = rng.random_range(0..candidates.len());
    candidates.swap_remove(i)
}

/// Values worth setting for a key the DaemonSet reads: its nodeSelector value, or the values
/// of its expressions (empty for Exists/DoesNotExist).
fn selection_values(ds: &DaemonSet, key: &str) -> Vec<String> {
    let spec = &ds.spec.template.spec;
    let mut values: Vec<String> = spec.node_selector.get(key).cloned().into_iter().collect();
    let terms = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    for e in terms
        .iter()
        .flat_map(|s| &s.node_selector_terms)
        .flat_map(|t| &t.match_expressions)
        .filter(|e| e.key == key)
    {
        match e.operator.as_str() {
            "Exists" | "DoesNotExist" => values.push(String::new()),
            // Integer bounds: one value each side is enough to flip the answer.
            "Gt" | "Lt" => {
                if let Some(n) = e.values.first().and_then(|v| v.parse::<i64>().ok()) {
                    values.push((n + 1).to_string());
                    values.push((n - 1).max(0).to_string());
                }
            }
            _ => values.extend(e.values.iter().cloned()),
        }
    }
    values.dedup();
    values
}

/// A node that joins: a worker, GPU or spot node, cordoned at registration, or NotReady while
/// its CNI starts (trap 2).
fn joiner(rng: &mut StdRng, difficulty: Difficulty, builder: &ClusterBuilder) -> Event {
    let pools: &[Pool] = match difficulty {
        Difficulty::Easy => &[Pool::Worker, Pool::Worker, Pool::Gpu],
        _ => &[
            Pool::Worker,
            Pool::Arm64,
            Pool::Windows,
            Pool::Gpu,
            Pool::Spot,
        ],
    };
    let states: &[NodeState] = match difficulty {
        Difficulty::Easy => &[NodeState::Healthy],
        Difficulty::Medium => &[NodeState::Healthy, NodeState::Cordoned],
        Difficulty::Hard => &[
            NodeState::Healthy,
            NodeState::Cordoned,
            NodeState::NotReadyJoining,
            NodeState::Uninitialized,
        ],
    };
    let pool = *pools.choose(rng).unwrap_or(&Pool::Worker);
    let state = *states.choose(rng).unwrap_or(&NodeState::Healthy);
    let draw = NodeDraw {
        pool,
        state,
        zone: rng.random_range(0..3),
        kernel: rng.random_range(5..=6),
        rack: rng.random_range(200..=215),
    };
    Event::NodeJoins {
        node: Box::new(cluster::build_node(&builder.next_name(pool), draw)),
    }
}
