//! The parts of a `v1 Pod` the scheduler stage reads (placement-spec §4): which node it is on,
//! what it requests, its host ports, its phase, and who owns it.

use super::ObjectMeta;
use super::daemonset::PodSpec;
use super::nullable;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "nullable")]
    pub spec: PodSpec,
    #[serde(default, deserialize_with = "nullable")]
    pub status: PodStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    #[serde(default, deserialize_with = "nullable")]
    pub kind: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "String::is_empty"
    )]
    pub phase: String,
}

impl Pod {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Succeeded and Failed pods hold no resources: the scheduler's informer leaves them out.
    pub fn is_terminal(&self) -> bool {
        matches!(self.status.phase.as_str(), "Succeeded" | "Failed")
    }

    /// The node the pod is on (R9): `spec.nodeName`, else the single value of the first
    /// `matchFields metadata.name In [x]` term the DaemonSet controller pins it with.
    pub fn target_node(&self) -> Option<&str> {
        if !self.spec.node_name.is_empty() {
            return Some(&self.spec.node_name);
        }
        let required = self.spec.required_node_affinity()?;
        required.node_selector_terms.iter().find_map(|term| {
            term.match_fields.iter().find_map(|f| {
                (f.key == "metadata.name" && f.operator == "In" && f.values.len() == 1)
                    .then(|| f.values[0].as_str())
            })
        })
    }

    /// Is this pod controlled by the DaemonSet `namespace/name`?
    pub fn is_owned_by_daemonset(&self, namespace: &str, name: &str) -> bool {
        let ns = if self.metadata.namespace.is_empty() {
            "default"
        } else {
            &self.metadata.namespace
        };
        ns == namespace
            && self
                .metadata
                .owner_references
                .iter()
                .any(|o| o.kind == "DaemonSet" && o.name == name && o.controller != Some(false))
    }
}
