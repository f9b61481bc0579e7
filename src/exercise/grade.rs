//! Automatic grading: choice, true/false, cloze and placement items are checked, not
//! self-graded; the result maps to a rating with `Rating::from_correct` (wrong → Again, right →
//! Good).

use crate::deck::{Gap, PlacementCard, matches_gap};
use crate::placement::{FeatureGates, Outcome, Placement, Reason};
use std::collections::BTreeSet;

/// A choice item is right when exactly the right choices were picked (all of them for a
/// multi-answer card, and nothing else).
pub fn grade_choice(answers: &[usize], picked: &[usize]) -> bool {
    let want: BTreeSet<_> = answers.iter().collect();
    let got: BTreeSet<_> = picked.iter().collect();
    want == got
}

pub fn grade_truefalse(answer: bool, given: bool) -> bool {
    answer == given
}

/// A typed gap answer, forgiving case and spaces (see `matches_gap`).
pub fn grade_cloze(gap: &Gap, typed: &str) -> bool {
    matches_gap(gap, typed)
}

/// One node of a graded placement item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeVerdict {
    pub node: String,
    /// What the engine decided: does a new pod land here (shouldRun)?
    pub gets_pod: bool,
    pub outcome: Outcome,
    /// Did the learner mark it as getting a pod?
    pub marked: bool,
    /// The rules that decided it (empty when it gets a pod).
    pub reasons: Vec<Reason>,
}

impl NodeVerdict {
    pub fn correct(&self) -> bool {
        self.gets_pod == self.marked
    }
}

/// A placement item graded by the engine: right when the marked nodes are exactly those that
/// get a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementGrade {
    pub nodes: Vec<NodeVerdict>,
}

impl PlacementGrade {
    pub fn correct(&self) -> bool {
        self.nodes.iter().all(NodeVerdict::correct)
    }
}

pub fn grade_placement(
    card: &PlacementCard,
    marked: &BTreeSet<String>,
    gates: FeatureGates,
) -> PlacementGrade {
    let placement = Placement::evaluate(&card.daemonset, &card.nodes, gates);
    let nodes = card
        .nodes
        .iter()
        .zip(placement.decisions)
        .map(|(n, d)| NodeVerdict {
            node: n.metadata.name.clone(),
            gets_pod: d.should_run,
            outcome: d.outcome,
            marked: marked.contains(&n.metadata.name),
            reasons: d.reasons,
        })
        .collect();
    PlacementGrade { nodes }
}
