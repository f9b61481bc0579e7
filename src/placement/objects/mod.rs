//! The parts of `v1 Node`, `apps/v1 DaemonSet` and `v1 Pod` that placement reads
//! (placement-spec R1, §4) and that display needs. Unknown fields are ignored: real objects carry
//! `managedFields`, images, status and much more. Field names follow the Kubernetes API (camelCase).

mod daemonset;
mod intstr;
mod node;
mod nullable;
mod pod;
mod string_map;

pub use daemonset::{
    Affinity, Container, ContainerPort, DaemonSet, DaemonSetSpec, LabelSelector,
    LabelSelectorRequirement, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, PodSpec, PodTemplateSpec, PreferredSchedulingTerm, ResourceRequirements,
    RollingUpdateDaemonSet, Toleration, UpdateStrategy,
};
pub use intstr::IntOrString;
pub use node::{Node, NodeCondition, NodeSpec, NodeStatus, Taint};
pub(crate) use nullable::{nullable, quantities};
pub use pod::{OwnerReference, Pod, PodStatus};
pub use string_map::StringMap;

use serde::{Deserialize, Serialize};

/// `metadata` of any object: only what kubedrill shows or matches on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "String::is_empty"
    )]
    pub namespace: String,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "StringMap::is_empty"
    )]
    pub labels: StringMap,
    /// Read on pods only: which controller owns them (the scheduler stage, §4).
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub owner_references: Vec<OwnerReference>,
}
