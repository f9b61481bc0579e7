//! Drawing a scene: the cluster (node pools and states per difficulty) and the DaemonSet
//! template, weighted toward the focus rule when one is asked for. The generator evaluates the
//! scene with the engine and decides whether it makes a good drill.

use super::DrillKind;
use super::cluster::{ClusterBuilder, NodeDraw, NodeState, Pool, ZONES};
use super::daemonsets::{self, Template, TemplateInputs};
use super::generate::node_limit;
use super::{Difficulty, RuleKey};
use crate::placement::objects::{DaemonSet, Node};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

/// A drawn cluster and DaemonSet, before the question is built.
pub(super) struct Scene {
    pub template: Template,
    pub builder: ClusterBuilder,
    pub ds: DaemonSet,
    /// Set when the scene may be all-or-nothing on purpose.
    pub trap: Option<&'static str>,
}

/// An easy drill's shape: one template, and the few nodes that make its one rule visible.
#[derive(Clone, Copy)]
struct EasyScene {
    template: Template,
    extras: &'static [(Pool, NodeState)],
    /// The scene may be all-or-nothing on purpose, for this reason.
    trap: Option<&'static str>,
}

const fn easy(template: Template, extras: &'static [(Pool, NodeState)]) -> EasyScene {
    EasyScene {
        template,
        extras,
        trap: None,
    }
}

const EASY_SCENES: [EasyScene; 9] = [
    easy(
        Template::LogAgent,
        &[(Pool::ControlPlane, NodeState::Healthy)],
    ),
    easy(
        Template::LogAgent,
        &[
            (Pool::ControlPlane, NodeState::Healthy),
            (Pool::Worker, NodeState::Cordoned),
        ],
    ),
    EasyScene {
        template: Template::LogAgent,
        extras: &[
            (Pool::Worker, NodeState::Cordoned),
            (Pool::Worker, NodeState::MemoryPressure),
        ],
        trap: Some(
            "every node gets a pod: the cordon and memory-pressure taints are tolerated automatically (the controller's own tolerations, R4: a cordoned node still gets a DaemonSet pod)",
        ),
    },
    easy(
        Template::GpuDevicePlugin,
        &[(Pool::Gpu, NodeState::Healthy)],
    ),
    easy(Template::ZoneAgent, &[]),
    easy(Template::LinuxOnly, &[(Pool::Windows, NodeState::Healthy)]),
    easy(Template::LogAgent, &[(Pool::Spot, NodeState::Healthy)]),
    easy(Template::LogAgent, &[(Pool::Worker, NodeState::NotReady)]),
    easy(
        Template::LogAgent,
        &[
            (Pool::ControlPlane, NodeState::Healthy),
            (Pool::Worker, NodeState::DiskPressure),
        ],
    ),
];

const MEDIUM_EXTRAS: [(Pool, NodeState); 10] = [
    (Pool::Gpu, NodeState::Healthy),
    (Pool::Spot, NodeState::Healthy),
    (Pool::Arm64, NodeState::Healthy),
    (Pool::Windows, NodeState::Healthy),
    (Pool::Worker, NodeState::Cordoned),
    (Pool::Worker, NodeState::MemoryPressure),
    (Pool::Worker, NodeState::DiskPressure),
    (Pool::Worker, NodeState::PidPressure),
    (Pool::Worker, NodeState::Dedicated),
    (Pool::Worker, NodeState::PreferNoSchedule),
];

const HARD_EXTRAS: [(Pool, NodeState); 12] = [
    (Pool::Worker, NodeState::NotReady),
    (Pool::Worker, NodeState::NotReadyJoining),
    (Pool::Worker, NodeState::Unreachable),
    (Pool::Worker, NodeState::NetworkUnavailable),
    (Pool::Worker, NodeState::Uninitialized),
    (Pool::Worker, NodeState::OutOfService),
    (Pool::Worker, NodeState::ReadyFalseUntainted),
    (Pool::Worker, NodeState::MemoryPressureNoExecute),
    (Pool::Edge, NodeState::Healthy),
    (Pool::Arm64, NodeState::Cordoned),
    (Pool::Gpu, NodeState::NotReady),
    (Pool::Spot, NodeState::Cordoned),
];

fn draw_node(rng: &mut StdRng, builder: &mut ClusterBuilder, pool: Pool, state: NodeState) {
    let zone = rng.random_range(0..ZONES.len());
    add_node(rng, builder, pool, state, zone);
}

pub(super) fn add_node(
    rng: &mut StdRng,
    b: &mut ClusterBuilder,
    pool: Pool,
    state: NodeState,
    zone: usize,
) {
    let draw = NodeDraw {
        pool,
        state,
        zone,
        kernel: rng.random_range(4..=6),
        rack: rng.random_range(200..=215),
    };
    b.add(draw);
}

/// Is this extra node worth adding for the focus rule?
fn serves(focus: Option<RuleKey>, pool: Pool, state: NodeState) -> bool {
    focus.is_some_and(|f| pool.rule_keys().contains(&f) || state.rule_keys().contains(&f))
}

/// Chooses a template, weighting the ones that exercise the focus rule.
fn choose_template(rng: &mut StdRng, list: &[Template], focus: Option<RuleKey>) -> Template {
    let weight = |t: &Template| {
        if focus.is_some_and(|f| t.rule_keys().contains(&f)) {
            6
        } else {
            1
        }
    };
    list.choose_weighted(rng, weight)
        .copied()
        .unwrap_or(Template::LogAgent)
}

pub(super) fn draw_scene(
    rng: &mut StdRng,
    difficulty: Difficulty,
    kind: DrillKind,
    focus: Option<RuleKey>,
) -> Scene {
    // Events drills keep room for a node that joins.
    let cap = node_limit(difficulty) - usize::from(kind == DrillKind::Events);
    let mut b = ClusterBuilder::default();
    let mut trap = None;
    let template = match difficulty {
        Difficulty::Easy => {
            let weight = |s: &EasyScene| {
                let focused = serves_template_or_extras(focus, s.template, s.extras);
                // The all-or-nothing trap scene is a rarity.
                match (focused, s.trap.is_some()) {
                    (true, _) => 6,
                    (false, true) => 1,
                    (false, false) => 3,
                }
            };
            let EasyScene {
                template,
                extras,
                trap: scene_trap,
            } = EASY_SCENES
                .choose_weighted(rng, weight)
                .copied()
                .unwrap_or(EASY_SCENES[0]);
            trap = scene_trap;
            let workers = rng.random_range(2..=3).min(cap - extras.len()).max(1);
            let offset = rng.random_range(0..ZONES.len());
            for i in 0..workers {
                // Workers spread over zones, as a zone-limited agent needs.
                add_node(rng, &mut b, Pool::Worker, NodeState::Healthy, offset + i);
            }
            for (pool, state) in extras {
                draw_node(rng, &mut b, *pool, *state);
            }
            template
        }
        Difficulty::Medium | Difficulty::Hard => {
            let hard = difficulty == Difficulty::Hard;
            let list: &[Template] = if hard {
                &Template::HARD
            } else {
                &Template::MEDIUM
            };
            let template = choose_template(rng, list, focus);
            let cps = if hard && rng.random_bool(0.4) {
                3
            } else {
                usize::from(rng.random_bool(0.8))
            };
            for _ in 0..cps {
                draw_node(rng, &mut b, Pool::ControlPlane, NodeState::Healthy);
            }
            let workers = rng.random_range(2..=3);
            let offset = rng.random_range(0..ZONES.len());
            for i in 0..workers {
                add_node(rng, &mut b, Pool::Worker, NodeState::Healthy, offset + i);
            }
            let mut extras: Vec<(Pool, NodeState)> = required_extras(rng, template);
            if let Some(f) = focus {
                let pool: Vec<(Pool, NodeState)> = MEDIUM_EXTRAS
                    .iter()
                    .chain(if hard { &HARD_EXTRAS[..] } else { &[] })
                    .copied()
                    .filter(|(p, s)| serves(Some(f), *p, *s))
                    .collect();
                extras.extend(pool.choose(rng).copied());
            }
            let room = cap.saturating_sub(b.nodes.len());
            let more = if hard {
                rng.random_range(3..=6)
            } else {
                rng.random_range(1..=3)
            };
            for _ in 0..more {
                let pick = if hard && rng.random_bool(0.6) {
                    HARD_EXTRAS.choose(rng)
                } else {
                    MEDIUM_EXTRAS.choose(rng)
                };
                extras.extend(pick.copied());
            }
            extras.truncate(room);
            for (pool, state) in extras {
                draw_node(rng, &mut b, pool, state);
            }
            // The tolerate-all agent on an all-Linux cluster is a fine lesson once in a while;
            // most of the time the draw must mix like any other.
            if template == Template::CniAgent && rng.random_bool(0.3) {
                trap = Some(
                    "every node gets the CNI agent: it tolerates every NoSchedule and NoExecute taint, so only a non-Linux node could keep it off (its own tolerations, not the controller's automatic ones of R4, let it onto NotReady nodes)",
                );
            }
            template
        }
    };
    let inputs = template_inputs(rng, template, difficulty, &b.nodes);
    let ds = daemonsets::build(template, &inputs);
    Scene {
        template,
        builder: b,
        ds,
        trap,
    }
}

fn serves_template_or_extras(
    focus: Option<RuleKey>,
    template: Template,
    extras: &[(Pool, NodeState)],
) -> bool {
    focus.is_some_and(|f| template.rule_keys().contains(&f))
        || extras.iter().any(|(p, s)| serves(focus, *p, *s))
}

/// The nodes a template needs to be worth asking about.
fn required_extras(rng: &mut StdRng, template: Template) -> Vec<(Pool, NodeState)> {
    use NodeState::*;
    match template {
        Template::GpuDevicePlugin => vec![(Pool::Gpu, Healthy)],
        Template::SpotZeroSeconds => vec![(Pool::Spot, Healthy)],
        Template::TolerationGt => vec![
            (Pool::Worker, Tier(rng.random_range(1..=5))),
            (Pool::Worker, Tier(rng.random_range(1..=5))),
        ],
        Template::NodeLocalDns | Template::CniAgent => vec![(Pool::Worker, NetworkUnavailable)],
        Template::NotReadyTolerant | Template::NotReadyCopy => {
            vec![(Pool::Worker, NotReady), (Pool::Worker, Unreachable)]
        }
        Template::ZoneNotIn => vec![(Pool::Edge, Healthy)],
        Template::LinuxOnly => vec![(Pool::Windows, Healthy)],
        _ => vec![],
    }
}

fn template_inputs(
    rng: &mut StdRng,
    template: Template,
    difficulty: Difficulty,
    nodes: &[Node],
) -> TemplateInputs {
    let mut zones: Vec<usize> = (0..ZONES.len()).collect();
    let keep = if template == Template::ZoneAgent && difficulty != Difficulty::Easy {
        rng.random_range(1..=2)
    } else {
        1
    };
    let mut chosen = Vec::new();
    for _ in 0..keep {
        let i = rng.random_range(0..zones.len());
        chosen.push(zones.remove(i));
    }
    chosen.sort_unstable();
    let node = nodes
        .choose(rng)
        .map(|n| n.name().to_owned())
        .unwrap_or_default();
    let bound = match template {
        Template::KernelGt => rng.random_range(4..=5),
        Template::RackLt => rng.random_range(203..=212),
        _ => rng.random_range(1..=3),
    };
    TemplateInputs {
        zones: chosen,
        node,
        bound,
        tolerate_control_plane: difficulty != Difficulty::Easy && rng.random_bool(0.5),
    }
}
