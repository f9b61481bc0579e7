//! The placement engine: which nodes get a DaemonSet pod, and why, exactly as the Kubernetes
//! DaemonSet controller decides (`../shared/facts/placement-spec.md`). Pure: no files, clock,
//! terminal or randomness.

mod decision;
pub mod objects;
mod quantity;
mod reason;
pub mod rollout;
pub mod scheduler;
mod selector;
mod toleration;
pub mod validation;

pub use decision::{CompiledDaemonSet, Decision, Outcome};
pub use quantity::{describe_quantity, parse_quantity};
pub use reason::{Reason, RuleKind};
pub use selector::{NodeSelection, validate_label_value, validate_qualified_name};
pub use toleration::{
    AUTOMATIC, EffectiveToleration, FeatureGates, Origin, effective_tolerations, tolerates,
};

use objects::{DaemonSet, Node};

/// The decisions for one DaemonSet over a list of nodes, in node order.
#[derive(Debug, Clone)]
pub struct Placement {
    pub decisions: Vec<Decision>,
}

impl Placement {
    /// Compiles the DaemonSet once and decides every node.
    pub fn evaluate(ds: &DaemonSet, nodes: &[Node], gates: FeatureGates) -> Self {
        let compiled = CompiledDaemonSet::compile(ds, gates);
        Placement {
            decisions: nodes.iter().map(|n| compiled.decide(n)).collect(),
        }
    }

    /// `status.desiredNumberScheduled`: the nodes where shouldRun holds (spec §7).
    pub fn desired_number_scheduled(&self) -> usize {
        self.decisions.iter().filter(|d| d.should_run).count()
    }
}
