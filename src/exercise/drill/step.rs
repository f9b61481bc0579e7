//! The generator's shared step: what every kind draws from (the seeded RNG, the difficulty,
//! the attempt number and the focus rule, the scene of cluster and DaemonSet), the helpers
//! that write the common parts of a prompt, and the one place a kind's draw becomes a `Drill`.

use super::cluster::{CONTROL_PLANE, ClusterBuilder, NodeDraw, describe_state};
use super::predict::{NodeExpectation, mixes};
use super::scene::{Scene, draw_scene};
use super::{Difficulty, Drill, DrillKind, Question, RuleKey};
use crate::placement::objects::{DaemonSet, Node};
use rand::rngs::StdRng;

/// Draws that insist on a richer drill (three outcomes, a node of each kind) before any good
/// drill will do.
pub(super) const RICH_ATTEMPTS: usize = 60;

/// One attempt at a drill.
pub struct Step<'a> {
    pub rng: &'a mut StdRng,
    pub seed: u64,
    pub difficulty: Difficulty,
    pub kind: DrillKind,
    /// How many draws came before this one (later draws accept plainer drills).
    pub attempt: usize,
    /// The rule the drill should exercise, while the generator still insists on it.
    pub focus: Option<RuleKey>,
    /// The drill of last resort's scene, used instead of a drawn one.
    pub(super) fixed: Option<Scene>,
}

/// A kind's drill before the shared fields are filled in.
pub struct Built<Q> {
    pub title: String,
    pub prompt: String,
    /// The cluster the question shows (empty when it gives a count instead).
    pub nodes: Vec<Node>,
    pub daemonset: DaemonSet,
    /// Set when every node gets a pod, or none does, on purpose: that is the lesson.
    pub trap: Option<String>,
    pub question: Q,
}

impl Step<'_> {
    /// The scene of cluster and DaemonSet for this attempt.
    pub(super) fn scene(&mut self) -> Scene {
        match self.fixed.take() {
            Some(scene) => scene,
            None => draw_scene(self.rng, self.difficulty, self.kind, self.focus),
        }
    }

    /// Have the early, picky attempts passed?
    pub fn past_rich_attempts(&self) -> bool {
        self.attempt >= RICH_ATTEMPTS
    }

    /// The shared last step: a kind's draw as a `Drill`.
    pub(super) fn finish<Q>(&self, built: Built<Q>, wrap: impl FnOnce(Q) -> Question) -> Drill {
        Drill {
            seed: self.seed,
            difficulty: self.difficulty,
            kind: self.kind,
            focus: None,
            title: built.title,
            prompt: built.prompt,
            nodes: built.nodes,
            daemonset: built.daemonset,
            trap: built.trap,
            question: wrap(built.question),
        }
    }
}

/// The trap to report when outcomes do not mix, or `None` when the scene makes no drill: the
/// outcomes must mix unless all-or-nothing is the scene's declared trap.
pub(super) fn mixed_or_trap(
    exps: &[NodeExpectation],
    trap: Option<&'static str>,
) -> Option<Option<String>> {
    let mixed = mixes(exps);
    if !mixed && trap.is_none() {
        return None;
    }
    Some((!mixed).then_some(trap).flatten().map(str::to_owned))
}

/// The cluster as `kubectl get nodes` shows it (NAME, STATUS, ROLES), plus a note on what
/// happened to the node where there is one, and the feature-gate line a Gt/Lt toleration needs
/// (R5.3). Taints are in the YAML, not here: reading them is the exercise.
pub(super) fn nodes_table(builder: &ClusterBuilder, ds: &DaemonSet) -> String {
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
    table
}

/// `kubectl get nodes`, with a NOTE column saying what happened to each node.
pub(super) fn kubectl_get_nodes(nodes: &[Node], draws: &[NodeDraw]) -> String {
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
        let roles = if node.metadata.labels.contains_key(CONTROL_PLANE) {
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

/// `namespace/name` of the DaemonSet, as the prompts name it.
pub(super) fn ds_ref(ds: &DaemonSet) -> String {
    format!("{}/{}", ds.namespace(), ds.metadata.name)
}
