//! The seeded generator: draw a cluster and a DaemonSet for the difficulty, evaluate them with
//! the engine, and draw again (from the same RNG, so still deterministic) until the drill mixes
//! outcomes, fits the node limit and, when asked, exercises the focus rule.

use super::cluster::{ClusterBuilder, NodeDraw, NodeState, Pool, describe_state};
use super::daemonsets::{self, Template, TemplateInputs};
use super::events::{self, EventsQuestion};
use super::predict::{PredictDetail, PredictQuestion, expectations, mixes};
use super::rollout::{self, RolloutQuestion};
use super::scene::{Scene, add_node, draw_scene};
use super::scheduler::{self, SchedulerOutcome, SchedulerQuestion};
use super::score::RULE_KEYS;
use super::status::{self, StatusQuestion};
use super::{Difficulty, Drill, DrillKind, Question, gates};
use crate::placement::Outcome;
use crate::placement::objects::Node;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;

/// Draws before giving up and using the fallback drill.
const ATTEMPTS: usize = 300;
/// Draws that insist on the focus rule; after them any good drill will do.
const FOCUS_ATTEMPTS: usize = 200;
/// Draws that insist on three distinct outcomes in hard predict drills.
const RICH_ATTEMPTS: usize = 60;

/// The most nodes a drill of this difficulty shows (for events drills, after a node joins).
pub fn node_limit(difficulty: Difficulty) -> usize {
    match difficulty {
        Difficulty::Easy => 4,
        Difficulty::Medium => 8,
        Difficulty::Hard => 12,
    }
}

/// Generates the drill for (seed, difficulty, kind), biased toward drills where the `focus`
/// rule key decides at least one item ("practise my weakest rule"). Pure and deterministic.
pub fn generate(seed: u64, difficulty: Difficulty, kind: DrillKind, focus: Option<&str>) -> Drill {
    // Salt the seed with difficulty and kind so seed 1 of each is a different drill.
    let salt = (difficulty as u64) << 8 | kind as u64;
    let mut rng = StdRng::seed_from_u64(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    // A focus this kind can never score (a status key in a predict drill, an unknown key) is
    // not worth any attempt.
    let usable = focus.filter(|f| can_score(kind, f));
    for attempt in 0..ATTEMPTS {
        let want_focus = usable.filter(|_| attempt < FOCUS_ATTEMPTS);
        let scene = draw_scene(&mut rng, difficulty, kind, want_focus);
        let Some(mut drill) =
            assemble(&mut rng, seed, difficulty, kind, scene, attempt, want_focus)
        else {
            continue;
        };
        if let Some(f) = want_focus
            && !drill.rule_keys().contains(f)
        {
            continue;
        }
        drill.focus = focus.map(str::to_owned);
        return drill;
    }
    let mut drill = fallback(&mut rng, seed, difficulty, kind);
    drill.focus = focus.map(str::to_owned);
    drill
}

/// Can a drill of this kind have an item counted under `key`? Predict, events and scheduler
/// items carry placement keys, rollout, status and scheduler items their own.
/// Can a drill of `kind` score the rule `key` (so focusing on it can work)?
pub fn can_score(kind: DrillKind, key: &str) -> bool {
    if !RULE_KEYS.contains(&key) {
        return false;
    }
    match DrillKind::for_rule(key) {
        DrillKind::Predict => matches!(
            kind,
            DrillKind::Predict | DrillKind::Events | DrillKind::Scheduler
        ),
        other => other == kind,
    }
}

/// Builds the drill of `kind` from a scene, or `None` when the draw does not make a good
/// drill (no mix of outcomes, nothing happens, ...).
fn assemble(
    rng: &mut StdRng,
    seed: u64,
    difficulty: Difficulty,
    kind: DrillKind,
    scene: Scene,
    attempt: usize,
    focus: Option<&str>,
) -> Option<Drill> {
    let Scene {
        template,
        builder,
        ds,
        trap,
    } = scene;
    if kind == DrillKind::Scheduler {
        return scheduler_drill(
            rng, seed, difficulty, template, &builder, ds, attempt, focus,
        );
    }
    let exps = expectations(&ds, &builder.nodes, gates());
    let mixed = mixes(&exps);
    // Requirement: outcomes mix, unless all-or-nothing is the scene's declared trap.
    if !mixed && trap.is_none() {
        return None;
    }
    let trap = (!mixed).then_some(trap).flatten().map(str::to_owned);
    let outcomes: BTreeSet<Outcome> = exps.iter().map(|e| e.decision.outcome).collect();
    let mut table = kubectl_get_nodes(&builder.nodes, &builder.draws);
    // R5.3: a Gt/Lt toleration depends on a feature gate; say which gates the cluster runs.
    if ds
        .spec
        .template
        .spec
        .tolerations
        .iter()
        .any(|t| matches!(t.operator.as_str(), "Gt" | "Lt"))
    {
        table.push_str("\nThe cluster runs Kubernetes 1.36 with the default feature gates.\n");
    }
    let ds_ref = format!("{}/{}", ds.namespace(), ds.metadata.name);
    let (title, prompt, nodes, question) = match kind {
        DrillKind::Predict => {
            // Hard drills should show three outcomes; a nodeName drill cannot (one node runs,
            // the rest have no pod, R3.1), so it is exempt.
            if difficulty == Difficulty::Hard
                && outcomes.len() < 3
                && attempt < RICH_ATTEMPTS
                && template != Template::PinnedDebug
            {
                return None;
            }
            let detail = if difficulty == Difficulty::Hard {
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
            (
                format!("Where does {} run?", ds.metadata.name),
                format!("DaemonSet {ds_ref} is applied to this cluster:\n\n{table}\n{ask}"),
                builder.nodes.clone(),
                Question::Predict(PredictQuestion {
                    detail,
                    nodes: exps,
                }),
            )
        }
        DrillKind::Events => {
            let pods = events::before_pods(&exps, difficulty, rng);
            let event = events::draw_event(rng, difficulty, &builder, &ds, &exps, &pods);
            let q = EventsQuestion::new(event, &builder.nodes, &ds, pods);
            if !q.mixes() || q.after_nodes.len() > node_limit(difficulty) {
                return None;
            }
            let running = if q.before_pods.is_empty() {
                "no node".to_owned()
            } else {
                q.before_pods.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            (
                format!("Event: {}", short_event(&q.event_text)),
                format!(
                    "DaemonSet {ds_ref} runs in this cluster:\n\n{table}\nIts pods run on: {running}.\n\nThen: {}\n\nFor each node, say what happens to its DaemonSet pod: create, delete, keep, or nothing.",
                    q.event_text
                ),
                builder.nodes.clone(),
                Question::Events(Box::new(q)),
            )
        }
        DrillKind::Rollout => {
            let mut ds = ds;
            ds.spec.update_strategy = rollout::draw_strategy(rng, difficulty);
            let from_nodes = difficulty == Difficulty::Hard;
            let desired = if from_nodes {
                exps.iter().filter(|e| e.decision.should_run).count() as i64
            } else {
                [3, 4, 5, 7, 8, 10, 12, 20, 50][rng.random_range(0..9)]
            };
            let q = RolloutQuestion::new(&ds, desired, from_nodes, difficulty != Difficulty::Easy);
            let strategy = match &ds.spec.update_strategy {
                None => "updateStrategy is not set.".to_owned(),
                Some(s) => format!(
                    "updateStrategy:\n{}",
                    serde_saphyr::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
                ),
            };
            let count = if from_nodes {
                format!(
                    "It runs in this cluster (work out desiredNumberScheduled first):\n\n{}",
                    table.trim_end()
                )
            } else {
                format!("desiredNumberScheduled is {desired}.")
            };
            let deployment = if q.deployment.is_some() {
                format!(
                    " And a Deployment with replicas: {desired} and the same rollingUpdate fields: its maxUnavailable and maxSurge?"
                )
            } else {
                String::new()
            };
            let nodes = if from_nodes {
                builder.nodes.clone()
            } else {
                Vec::new()
            };
            let title = format!("Rolling update of {}", ds.metadata.name);
            let prompt = format!(
                "DaemonSet {ds_ref}: {strategy}\n{count}\n\nIs the strategy valid? If it is, how many pods may be unavailable (maxUnavailable) and surged (maxSurge) at once?{deployment}"
            );
            return Some(Drill {
                seed,
                difficulty,
                kind,
                focus: None,
                title,
                prompt,
                nodes,
                daemonset: ds,
                trap: if from_nodes { trap } else { None },
                question: Question::Rollout(q),
            });
        }
        DrillKind::Scheduler => unreachable!("scheduler drills are assembled above"),
        DrillKind::Status => {
            let pods = status::draw_pods(rng, difficulty, &exps);
            let q = StatusQuestion::new(exps, pods);
            let on = if q.pods.is_empty() {
                "no node".to_owned()
            } else {
                q.pods.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            (
                format!("Status of {}", ds.metadata.name),
                format!(
                    "DaemonSet {ds_ref} in this cluster:\n\n{table}\nRight now its pods (some may be Pending) are on: {on}.\n\nWhat are status.desiredNumberScheduled, currentNumberScheduled and numberMisscheduled?"
                ),
                builder.nodes.clone(),
                Question::Status(q),
            )
        }
    };
    Some(Drill {
        seed,
        difficulty,
        kind,
        focus: None,
        title,
        prompt,
        nodes,
        daemonset: ds,
        trap,
        question,
    })
}

/// A scheduler drill (§4): the scene's cluster with pods already bound to its nodes, the
/// DaemonSet with requests (and host ports), and per node runs, pending or no pod. Every drill
/// has a node that runs and one that stays Pending; the early draws also insist on a node
/// the controller gives no pod.
#[allow(clippy::too_many_arguments)]
fn scheduler_drill(
    rng: &mut StdRng,
    seed: u64,
    difficulty: Difficulty,
    template: Template,
    builder: &ClusterBuilder,
    mut ds: crate::placement::objects::DaemonSet,
    attempt: usize,
    focus: Option<&str>,
) -> Option<Drill> {
    let pods = scheduler::draw(rng, difficulty, template, builder, &mut ds, focus)?;
    let q = SchedulerQuestion::new(&ds, &builder.nodes, pods);
    if q.count(SchedulerOutcome::Pending) == 0 || q.count(SchedulerOutcome::Runs) == 0 {
        return None;
    }
    if attempt < RICH_ATTEMPTS && q.count(SchedulerOutcome::NoPod) == 0 {
        return None;
    }
    let mut table = kubectl_get_nodes(&builder.nodes, &builder.draws);
    if ds
        .spec
        .template
        .spec
        .tolerations
        .iter()
        .any(|t| matches!(t.operator.as_str(), "Gt" | "Lt"))
    {
        table.push_str("\nThe cluster runs Kubernetes 1.36 with the default feature gates.\n");
    }
    let resources = scheduler::tables(&builder.nodes, &q.pods, difficulty != Difficulty::Easy);
    let prompt = format!(
        "DaemonSet {}/{} is applied to this cluster:\n\n{table}\n{resources}\n{}\n\nFor each node: runs (the pod is created and bound), pending (created, but it stays Pending) or no pod (the controller creates none)?",
        ds.namespace(),
        ds.metadata.name,
        scheduler::ds_needs(&ds),
    );
    Some(Drill {
        seed,
        difficulty,
        kind: DrillKind::Scheduler,
        focus: None,
        title: format!("Does {} run or stay Pending?", ds.metadata.name),
        prompt,
        nodes: builder.nodes.clone(),
        daemonset: ds,
        trap: None,
        question: Question::Scheduler(q),
    })
}

/// A kubeadm control plane and two workers with the log agent: always mixed (the control plane
/// keeps no pod), so it is the drill of last resort.
fn fallback(rng: &mut StdRng, seed: u64, difficulty: Difficulty, kind: DrillKind) -> Drill {
    let mut builder = ClusterBuilder::default();
    add_node(rng, &mut builder, Pool::ControlPlane, NodeState::Healthy, 0);
    add_node(rng, &mut builder, Pool::Worker, NodeState::Healthy, 0);
    add_node(rng, &mut builder, Pool::Worker, NodeState::Healthy, 1);
    let ds = daemonsets::build(Template::LogAgent, &TemplateInputs::default());
    let scene = Scene {
        template: Template::LogAgent,
        builder,
        ds,
        trap: None,
    };
    // Past every attempt limit, assemble accepts any mixed scene; events on this scene mix
    // (the control plane has nothing, the workers keep or change), status and predict mix.
    assemble(rng, seed, difficulty, kind, scene, ATTEMPTS, None).unwrap_or_else(|| {
        let mut b = ClusterBuilder::default();
        add_node(rng, &mut b, Pool::ControlPlane, NodeState::Healthy, 0);
        add_node(rng, &mut b, Pool::Worker, NodeState::Healthy, 0);
        let ds = daemonsets::build(Template::LogAgent, &TemplateInputs::default());
        let exps = expectations(&ds, &b.nodes, gates());
        Drill {
            seed,
            difficulty,
            kind: DrillKind::Predict,
            focus: None,
            title: format!("Where does {} run?", ds.metadata.name),
            prompt: format!(
                "DaemonSet {}/{} is applied to this cluster:\n\n{}\nMark every node that gets a pod.",
                ds.namespace(),
                ds.metadata.name,
                kubectl_get_nodes(&b.nodes, &b.draws)
            ),
            nodes: b.nodes.clone(),
            daemonset: ds,
            trap: None,
            question: Question::Predict(PredictQuestion {
                detail: PredictDetail::GetsPod,
                nodes: exps,
            }),
        }
    })
}

/// The cluster as `kubectl get nodes` shows it (NAME, STATUS, ROLES), plus a note on what
/// happened to the node where there is one. Taints are in the YAML, not here: reading them is
/// the exercise.
fn kubectl_get_nodes(nodes: &[Node], draws: &[NodeDraw]) -> String {
    let width = nodes
        .iter()
        .map(|n| n.name().len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{:<width$}  {:<26}  {:<14}  NOTE\n",
        "NAME", "STATUS", "ROLES"
    );
    for (node, draw) in nodes.iter().zip(draws) {
        // kubectl prints NotReady for Ready=False and Ready=Unknown alike.
        let mut status = match node.condition("Ready") {
            Some("True") => "Ready".to_owned(),
            _ => "NotReady".to_owned(),
        };
        if node.spec.unschedulable {
            status.push_str(",SchedulingDisabled");
        }
        let roles = if node
            .metadata
            .labels
            .contains_key(super::cluster::CONTROL_PLANE)
        {
            "control-plane"
        } else {
            "<none>"
        };
        out.push_str(
            format!(
                "{:<width$}  {:<26}  {:<14}  {}",
                node.name(),
                status,
                roles,
                describe_state(draw.state)
            )
            .trim_end(),
        );
        out.push('\n');
    }
    out
}

/// The first words of an event for a title.
fn short_event(text: &str) -> String {
    match text.find(" -p ") {
        Some(i) => text[..i].to_owned(),
        None => text.split(" (").next().unwrap_or(text).to_owned(),
    }
}
