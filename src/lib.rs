//! kubedrill: learn Kubernetes DaemonSets with drills, flashcards and a placement engine that
//! decides exactly like the DaemonSet controller.
//!
//! The core (`placement`, `manifest`, `predict`) is pure: no terminal, clock, randomness or
//! file access. `commands` is the edge that reads files and prints.
//!
//! ```
//! use kubedrill::placement::{FeatureGates, Outcome, Placement};
//!
//! let nodes = kubedrill::manifest::parse("nodes.yaml", br#"
//! kind: List
//! items:
//! - kind: Node
//!   metadata: {name: cp-1}
//!   spec:
//!     taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
//! - kind: Node
//!   metadata: {name: worker-1}
//!   spec:
//!     unschedulable: true
//!     taints: [{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]
//! "#).unwrap().nodes;
//! let ds = kubedrill::manifest::parse("ds.yaml", br#"
//! kind: DaemonSet
//! metadata: {name: agent}
//! spec:
//!   selector: {matchLabels: {app: agent}}
//!   template: {metadata: {labels: {app: agent}}}
//! "#).unwrap().daemonsets.remove(0);
//!
//! let placement = Placement::evaluate(&ds, &nodes, FeatureGates::default());
//! // The control plane's taint is not tolerated: no new pod, an existing one stays (R3.4).
//! assert_eq!(placement.decisions[0].outcome, Outcome::KeepsExisting);
//! assert_eq!(placement.decisions[0].reasons[0].rule, "R5");
//! // A cordoned node still gets a pod: the unschedulable toleration is automatic (R4).
//! assert_eq!(placement.decisions[1].outcome, Outcome::Runs);
//! assert_eq!(placement.desired_number_scheduled(), 1);
//! ```

pub mod browse;
pub mod cli;
pub mod commands;
pub mod deck;
mod edit_distance;
pub mod exercise;
pub mod manifest;
pub mod placement;
pub mod predict;
pub mod srs;
pub mod stats;
pub mod store;
pub mod study;
pub mod tui;
