//! The seeded generator: each attempt lets the kind draw from the shared step (scene, RNG,
//! difficulty); an attempt that does not make a good drill is drawn again from the same RNG, so
//! the result stays deterministic, until the drill fits and, when asked, exercises the focus rule.

use super::cluster::{ClusterBuilder, NodeState, Pool};
use super::daemonsets::{self, Template, TemplateInputs};
use super::predict::{PredictDetail, PredictQuestion, expectations};
use super::scene::{Scene, add_node};
use super::step::{Step, ds_ref, kubectl_get_nodes};
use super::{Difficulty, Drill, DrillKind, Question, RuleKey, gates};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Draws before giving up and using the fallback drill.
const ATTEMPTS: usize = 300;
/// Draws that insist on the focus rule; after them any good drill will do.
const FOCUS_ATTEMPTS: usize = 200;

/// The most nodes a drill of this difficulty shows (for events drills, after a node joins).
pub fn node_limit(difficulty: Difficulty) -> usize {
    match difficulty {
        Difficulty::Easy => 4,
        Difficulty::Medium => 8,
        Difficulty::Hard => 12,
    }
}

/// Generates the drill for (seed, difficulty, kind), biased toward drills where the `focus`
/// rule decides at least one item ("practise my weakest rule"). Pure and deterministic.
pub fn generate(
    seed: u64,
    difficulty: Difficulty,
    kind: DrillKind,
    focus: Option<RuleKey>,
) -> Drill {
    // Salt the seed with difficulty and kind so seed 1 of each is a different drill.
    let salt = (difficulty as u64) << 8 | kind as u64;
    let mut rng = StdRng::seed_from_u64(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    // A focus this kind can never score (a status key in a predict drill) is not worth any
    // attempt.
    let usable = focus.filter(|f| kind.scores(*f));
    for attempt in 0..ATTEMPTS {
        let want_focus = usable.filter(|_| attempt < FOCUS_ATTEMPTS);
        let mut step = Step {
            rng: &mut rng,
            seed,
            difficulty,
            kind,
            attempt,
            focus: want_focus,
            fixed: None,
        };
        let Some(mut drill) = kind.attempt(&mut step) else {
            continue;
        };
        if let Some(f) = want_focus
            && !drill.rule_keys().contains(&f)
        {
            continue;
        }
        drill.focus = focus;
        return drill;
    }
    let mut drill = fallback(&mut rng, seed, difficulty, kind);
    drill.focus = focus;
    drill
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
    // Past every attempt limit, a kind accepts any mixed scene; events on this scene mix (the
    // control plane has nothing, the workers keep or change), status and predict mix.
    let mut step = Step {
        rng,
        seed,
        difficulty,
        kind,
        attempt: ATTEMPTS,
        focus: None,
        fixed: Some(scene),
    };
    if let Some(drill) = kind.attempt(&mut step) {
        return drill;
    }
    let mut b = ClusterBuilder::default();
    add_node(step.rng, &mut b, Pool::ControlPlane, NodeState::Healthy, 0);
    add_node(step.rng, &mut b, Pool::Worker, NodeState::Healthy, 0);
    let ds = daemonsets::build(Template::LogAgent, &TemplateInputs::default());
    let exps = expectations(&ds, &b.nodes, gates());
    Drill {
        seed,
        difficulty,
        kind: DrillKind::Predict,
        focus: None,
        title: format!("Where does {} run?", ds.metadata.name),
        prompt: format!(
            "DaemonSet {} is applied to this cluster:\n\n{}\nMark every node that gets a pod.",
            ds_ref(&ds),
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
}
